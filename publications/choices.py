"""The kinds of papers and their states, as the site stores them: the models, the
exports and the importers share these, and none of them needs the models for it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationType(models.TextChoices):
    PREPRINT = "preprint", _("Preprint")
    CONFERENCE = "conference", _("Conference paper")
    JOURNAL = "journal", _("Journal article")
    WORKSHOP = "workshop", _("Workshop paper")
    THESIS = "thesis", _("PhD thesis")
    MASTERS_THESIS = "masters_thesis", _("Master's thesis")
    BOOK = "book", _("Book")
    BOOK_CHAPTER = "book_chapter", _("Book chapter")
    REPORT = "report", _("Report")


# The schema.org type of each kind of publication (ScholarlyArticle when not listed).
SCHEMA_TYPES = {
    PublicationType.THESIS: "Thesis",
    PublicationType.MASTERS_THESIS: "Thesis",
    PublicationType.REPORT: "Report",
    PublicationType.BOOK: "Book",
    PublicationType.BOOK_CHAPTER: "Chapter",
}


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day, month and year")
    MONTH = "month", _("Month and year only")
    YEAR = "year", _("Year only")


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    ACCEPTED = "accepted", _("Accepted, to appear")
    SUBMITTED = "submitted", _("Submitted")
