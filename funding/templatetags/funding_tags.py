"""How lower apps show grants without importing this app: a paper's page loads
``{% paper_funding page %}`` ("Supported by …"), a member's profile
``{% member_grants page %}``."""

from django import template

from ..models import GrantPage

register = template.Library()


@register.inclusion_tag("funding/includes/paper_funding.html")
def paper_funding(paper):
    """The live grants that supported ``paper``, by funder."""
    grants = GrantPage.objects.live().public().filter(papers__paper=paper).distinct().by_funder()
    return {"grants": list(grants)}


@register.inclusion_tag("funding/includes/member_grants.html")
def member_grants(member):
    """The live grants ``member`` holds, current ones first."""
    return {"grants": list(GrantPage.objects.of_member(member))}
