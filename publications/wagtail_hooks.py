"""Admin customisation for publications: research topics and the import page."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from people.contributions import CONTRIBUTE_MENU_PREFIX

from . import latex, views
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


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_unknown_latex_commands(request, page):
    """Commands a paper defines for itself (``\\gemma``) are shown by their name on the
    site; say so to the editor, naming the field, so that they can write the word out."""
    page = page.specific
    for name in getattr(page, "latex_fields", ()):
        unknown = latex.unknown_commands(getattr(page, name, "") or "")
        if unknown:
            label = page._meta.get_field(name).verbose_name
            messages.warning(
                request,
                format_lazy(
                    _(
                        "{field}: the site does not know the LaTeX command(s) {commands}, so "
                        "it shows them by name ({names}). Write the words out if you meant "
                        "something else."
                    ),
                    field=str(label).capitalize(),
                    commands=", ".join(f"\\{command}" for command in unknown),
                    names=", ".join(f"“{command}”" for command in unknown),
                ),
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
