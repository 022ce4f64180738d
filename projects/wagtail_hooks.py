"""Wagtail hooks of the projects app: its kind in the site search."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind
from people.cv import HOOK as CV_HOOK
from people.cv import CVEntry, CVSection
from scholarly_text.latex import print_html

from .models import ProjectPage, projects_of


@hooks.register(HOOK, order=60)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("projects", "Projects", "projects/includes/search_result.html", ProjectPage)


def project_entries(member, request):
    return [
        CVEntry(
            title=project.plain_title,
            title_html=str(project.title_html),
            print_html=print_html(project.title),
            url=project.get_full_url(request),
            where=f"{project.get_kind_display()}, {project.get_status_display().lower()}",
        )
        for project in projects_of(member)
    ]


def project_resume(member, request):
    items = []
    for project in projects_of(member):
        item = {
            "name": project.plain_title,
            "description": project.plain_summary,
            "type": project.get_kind_display().lower(),
            "url": project.repository_url or project.get_full_url(request),
        }
        items.append(item)
    return {"projects": items}


@hooks.register(CV_HOOK, order=70)
def cv_section():
    """The projects the member works on, on their CV (``people.cv``)."""
    return CVSection("projects", _("Projects, software and data"), project_entries, project_resume)
