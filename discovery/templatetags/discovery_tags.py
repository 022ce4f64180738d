"""What discovery adds to the pages of papers: the cited-by count and the open-access
location read from OpenAlex."""

from django import template
from django.db import models

from publications.models import PublicationIndexPage

from ..models import CitationCount, OpenAccessLocation

register = template.Library()


@register.simple_tag
def cited_by(paper):
    """The paper's cited-by count when its list shows counts, else None (one query)."""
    shown = PublicationIndexPage.objects.parent_of(paper).filter(show_citation_counts=True)
    return CitationCount.objects.filter(models.Exists(shown), page=paper).first()


@register.inclusion_tag("discovery/includes/open_access.html")
def open_access(paper):
    """“Free to read: arXiv, CC BY”: where OpenAlex says the paper is open (one query)."""
    return {"place": OpenAccessLocation.objects.filter(page=paper).first()}
