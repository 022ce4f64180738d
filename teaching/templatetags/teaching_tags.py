"""How lower apps show teaching without importing this app: a member's profile loads
``{% member_teaching page %}``."""

from django import template

from ..models import CoursePage

register = template.Library()


@register.inclusion_tag("teaching/includes/member_teaching.html")
def member_teaching(member):
    """The live courses ``member`` teaches or taught: (course, their roles, its latest
    term), the most recently taught first."""
    courses = (
        CoursePage.objects.live()
        .public()
        .filter(teachers__member=member)
        .distinct()
        .prefetch_related("terms", "teachers")
    )
    rows = []
    for course in courses:
        roles = sorted(
            {row.get_role_display() for row in course.teachers.all() if row.member_id == member.pk}
        )
        rows.append((course, roles, course.latest_term()))
    rows.sort(key=lambda row: row[2].sort_key() if row[2] else (0, 0), reverse=True)
    return {"courses": rows}
