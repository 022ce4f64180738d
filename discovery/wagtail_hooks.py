"""The admin of discovery: the suggested publications (the review queue) and the runs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

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
        path(
            "people/positions/<int:suggestion_id>/<str:decision>/",
            views.decide_position,
            name="discovery_position_decide",
        ),
    ]


class PositionSuggestionsPanel(Component):
    """Where alumni are now, as their ORCID records say: to the alumnus and the editors who
    may change their profile, with a button to put it there and one to dismiss it."""

    name = "position_suggestions"
    order = 30
    template_name = "discovery/admin/position_suggestions_panel.html"

    def __init__(self, suggestions):
        self.suggestions = suggestions

    def get_context_data(self, parent_context=None):
        # The panel's forms post: the page's CSRF token comes with them (a component's
        # template sees only what is given here).
        parent = parent_context or {}
        return {
            "suggestions": self.suggestions,
            "csrf_token": parent.get("csrf_token"),
            "request": parent.get("request"),
        }


@hooks.register("construct_homepage_panels")
def add_position_suggestions_panel(request, panels):
    if suggestions := views.position_suggestions_for(request.user):
        panels.append(PositionSuggestionsPanel(suggestions))


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
