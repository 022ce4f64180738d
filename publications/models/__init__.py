"""Publications' models, one module per job (``paper``, ``index``, ``topics``, ``runs``,
``derived_text``; discovery's in ``publications.discovery_models``); every model and the
choices are importable from here, as Django and the other apps expect."""

from ..choices import SCHEMA_TYPES, DatePrecision, PublicationStatus, PublicationType
from ..discovery_models import (
    CitationCount,
    DiscoveryRun,
    Suggestion,
    SuggestionMember,
)
from .derived_text import DerivedText
from .index import PublicationIndexPage
from .paper import PublicationAuthor, PublicationPage, PublicationQuerySet, WrittenWithLatex
from .runs import ImportRun
from .topics import ResearchTopic

__all__ = [
    "CitationCount",
    "DatePrecision",
    "DerivedText",
    "DiscoveryRun",
    "ImportRun",
    "PublicationAuthor",
    "PublicationIndexPage",
    "PublicationPage",
    "PublicationQuerySet",
    "PublicationStatus",
    "PublicationType",
    "ResearchTopic",
    "SCHEMA_TYPES",
    "Suggestion",
    "SuggestionMember",
    "WrittenWithLatex",
]
