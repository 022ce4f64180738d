"""How lower apps show research highlights without importing this app: a member's profile
and a paper's page load these tags (``{% member_highlights page %}``)."""

from django import template
from django.db import models

from publications.models import PublicationAuthor

from ..models import ResearchHighlightPage, prepare_author_lines

register = template.Library()

SECTION = "research/includes/highlight_section.html"


@register.inclusion_tag(SECTION, takes_context=True)
def member_highlights(context, member):
    """Highlights of the member's papers, and those whose own author line names them."""
    authored = PublicationAuthor.objects.filter(member=member).values("page_id")
    candidates = prepare_author_lines(
        ResearchHighlightPage.objects.live()
        .public()
        .filter(models.Q(publication__in=authored) | ~models.Q(authors_override=""))
        .for_cards()
        .order_by("-date", "-pk")
    )
    highlights = [
        highlight
        for highlight in candidates
        if any(person and person.pk == member.pk for _name, person in highlight.author_entries)
    ]
    return {"highlights": highlights, "request": context.get("request")}


@register.inclusion_tag(SECTION, takes_context=True)
def paper_highlights(context, paper):
    """The highlights that feature ``paper``, newest first."""
    highlights = prepare_author_lines(
        ResearchHighlightPage.objects.live()
        .public()
        .filter(publication=paper)
        .for_cards()
        .order_by("-date", "-pk")
    )
    return {"highlights": highlights, "request": context.get("request")}
