"""How lower apps show projects without importing this app: a paper's page loads
``{% paper_projects page %}``, a member's profile ``{% member_projects page %}``."""

from django import template

from ..models import ProjectPage, projects_of

register = template.Library()


@register.inclusion_tag("projects/includes/paper_projects.html")
def paper_projects(paper):
    """The live projects that list ``paper``."""
    return {
        "projects": list(
            ProjectPage.objects.live()
            .public()
            .filter(papers__paper=paper)
            .distinct()
            .order_by("path")
        )
    }


@register.inclusion_tag("projects/includes/member_projects.html")
def member_projects(member):
    """The live projects ``member`` works on."""
    return {"projects": list(projects_of(member))}
