"""The admin of scholarly text: research topics, and warnings about LaTeX the site cannot show."""

from django.contrib import messages
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import latex
from .models import ResearchTopic


class ResearchTopicViewSet(SnippetViewSet):
    model = ResearchTopic
    icon = "tag"
    menu_label = _("Research topics")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ResearchTopicViewSet)


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
