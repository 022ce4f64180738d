"""Fixtures of the publication tests: ``sources``, the recorded scholarly services."""

from .recorded_sources import sources  # noqa: F401 - a fixture, offered to every test here
