"""Publications' models, one module per job (``paper``, ``index``, ``runs``); every model and the
choices are importable from here, as Django and the other apps expect."""

from ..choices import SCHEMA_TYPES, DatePrecision, PublicationStatus, PublicationType
from .index import PublicationIndexPage
from .paper import PublicationAuthor, PublicationPage, PublicationQuerySet
from .runs import ImportRun

__all__ = [
    "DatePrecision",
    "ImportRun",
    "PublicationAuthor",
    "PublicationIndexPage",
    "PublicationPage",
    "PublicationQuerySet",
    "PublicationStatus",
    "PublicationType",
    "SCHEMA_TYPES",
]
