"""Admin customisation for publications: the import page."""

from django.db import models
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lab_site.search_kinds import HOOK, SearchKind
from people.cv import HOOK as CV_HOOK

from . import views
from .models import PublicationAuthor, PublicationIndexPage, PublicationPage


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("publications/import/", views.import_publications, name="publications_import"),
        path("publications/import/<int:run_id>/", views.import_run, name="publications_import_run"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return PublicationIndexPage.writable_by(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import publications"),
        reverse("publications_import"),
        name="import-publications",
        icon_name="download",
        order=220,
    )


@hooks.register(HOOK, order=30)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind(
        "publications",
        "Publications",
        "publications/includes/search_result.html",
        PublicationPage,
        lambda pages: pages.prefetch_related(
            models.Prefetch("authors", queryset=PublicationAuthor.objects.order_by("sort_order"))
        ),
    )


@hooks.register(CV_HOOK, order=30)
def cv_section():
    """The member's papers on their CV (``people.cv``)."""
    from .cv import papers_section

    return papers_section()
