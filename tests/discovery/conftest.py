"""Discovery's tests use the publication tests' fixtures: the recorded scholarly services
(``sources``), a publication list (``index``), a member (``ziming``) and three papers."""

from tests.publications.conftest import index, papers, ziming  # noqa: F401 - fixtures
from tests.publications.recorded_sources import sources  # noqa: F401 - a fixture
