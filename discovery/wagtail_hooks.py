"""The admin of discovery: the suggested publications (the review queue) and the runs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from people.contributions import CONTRIBUTE_MENU_PREFIX

from . import views
from .views import may_see_queue


@hooks.register("register_admin_urls")
def register_suggestion_urls():
    return [
        path("publications/suggestions/", views.queue, name="publications_suggestions"),
        path(
            "publications/suggestions/accept/",
            views.accept_selected,
            name="publications_suggestions_accept",
        ),
        path(
            "publications/suggestions/<int:suggestion_id>/",
            views.suggestion_detail,
            name="publications_suggestion",
        ),
        path(
            "publications/suggestions/<int:suggestion_id>/dismiss/",
            views.dismiss,
            name="publications_suggestion_dismiss",
        ),
        path(
            "publications/suggestions/<int:suggestion_id>/claim/",
            views.claim,
            name="publications_suggestion_claim",
        ),
        path("publications/discovery/", views.runs, name="publications_discovery_runs"),
        path(
            "publications/discovery/run/",
            views.run_now,
            name="publications_discovery_run_now",
        ),
    ]


class SuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
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
