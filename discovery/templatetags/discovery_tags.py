"""What discovery adds to the pages of papers: the cited-by count read from OpenAlex."""

from django import template
from django.db import models

from publications.models import PublicationIndexPage

from ..models import CitationCount

register = template.Library()


@register.simple_tag
def cited_by(paper):
    """The paper's cited-by count when its list shows counts, else None (one query)."""
    shown = PublicationIndexPage.objects.parent_of(paper).filter(show_citation_counts=True)
    return CitationCount.objects.filter(models.Exists(shown), page=paper).first()
