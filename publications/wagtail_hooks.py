"""Admin customisation for publications: research topics and the import page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import PublicationIndexPage, ResearchTopic


class ResearchTopicViewSet(SnippetViewSet):
    model = ResearchTopic
    icon = "tag"
    menu_label = _("Research topics")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ResearchTopicViewSet)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("publications/import/", views.import_publications, name="publications_import"),
        path("publications/import/<int:run_id>/", views.import_run, name="publications_import_run"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        index = PublicationIndexPage.objects.first()
        return index is not None and index.permissions_for_user(request.user).can_add_subpage()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import publications"),
        reverse("publications_import"),
        name="import-publications",
        icon_name="download",
        order=220,
    )
