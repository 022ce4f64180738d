"""How lower apps show awards without importing this app: a member's profile loads
``{% member_awards page %}``, a paper's page ``{% paper_awards page %}``."""

from django import template

from ..models import AwardPage

register = template.Library()


@register.inclusion_tag("awards/includes/member_awards.html")
def member_awards(member):
    """The live awards that went to ``member``, newest first."""
    return {"awards": list(AwardPage.objects.of_member(member))}


@register.inclusion_tag("awards/includes/paper_awards.html")
def paper_awards(paper):
    """The live awards given to ``paper``."""
    return {"awards": list(AwardPage.objects.live().public().filter(paper=paper).newest_first())}
