"""Admin customisation for publications: the import page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from people.contributions import CONTRIBUTE_MENU_PREFIX

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


@hooks.register("register_admin_urls")
def register_suggestion_urls():
    from . import review_views

    return [
        path("publications/suggestions/", review_views.queue, name="publications_suggestions"),
        path(
            "publications/suggestions/accept/",
            review_views.accept_selected,
            name="publications_suggestions_accept",
        ),
        path(
            "publications/suggestions/<int:suggestion_id>/",
            review_views.suggestion_detail,
            name="publications_suggestion",
        ),
        path(
            "publications/suggestions/<int:suggestion_id>/dismiss/",
            review_views.dismiss,
            name="publications_suggestion_dismiss",
        ),
        path(
            "publications/suggestions/<int:suggestion_id>/claim/",
            review_views.claim,
            name="publications_suggestion_claim",
        ),
        path("publications/discovery/", review_views.runs, name="publications_discovery_runs"),
        path(
            "publications/discovery/run/",
            review_views.run_now,
            name="publications_discovery_run_now",
        ),
    ]


class SuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
        from .review_views import may_see_queue

        return may_see_queue(request.user)


@hooks.register("register_admin_menu_item")
def register_suggestions_menu_item():
    return SuggestionsMenuItem(
        _("Suggested publications"),
        reverse("publications_suggestions"),
        # Kept in members' menus (people's rule), who see the suggestions naming them.
        name=f"{CONTRIBUTE_MENU_PREFIX}suggested-publications",
        icon_name="doc-full-inverse",
        order=221,
    )
