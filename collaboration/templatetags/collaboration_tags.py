"""How a member's profile links to their collaboration picture without importing this
app: ``{% member_collaborations page %}``."""

from django import template

from ..models import CollaborationPage

register = template.Library()


@register.inclusion_tag("collaboration/includes/member_link.html")
def member_collaborations(member):
    """A link to ``member``'s picture on the live collaborations page, when the site has one
    and the member has written a paper."""
    page = CollaborationPage.objects.live().public().first()
    if page is None or not member.authorships.filter(page__live=True).exists():
        return {"url": ""}
    return {"url": page.member_route(member.url)}
