"""Admin customisation for publications: the import page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .models import PublicationIndexPage


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
