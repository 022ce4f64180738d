"""How lower apps show teaching without importing this app: a member's profile loads
``{% member_teaching page %}``."""

from django import template

from ..models import courses_taught_by

register = template.Library()


@register.inclusion_tag("teaching/includes/member_teaching.html")
def member_teaching(member):
    """The live courses ``member`` teaches or taught: (course, their roles, its latest
    term), the most recently taught first."""
    rows = [
        (course, roles, terms[-1] if terms else None)
        for course, roles, terms in courses_taught_by(member)
    ]
    return {"courses": rows}
