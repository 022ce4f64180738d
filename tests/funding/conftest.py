"""The funding tests use the recorded scholarly services of the publication tests."""

from tests.publications.recorded_sources import sources  # noqa: F401 - a fixture
