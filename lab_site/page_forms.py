"""The admin form every page type starts from."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .text import free_slug


class BasePageForm(WagtailAdminPageForm):
    """Fills in the page's address (slug) from its title when the editor leaves it empty,
    so that a new page publishes on the first try; the slug sits on the Promote tab,
    where an editor would not see an error about it."""

    slug_fallback = "page"

    def title_text(self, title):
        """The title as words for the address; pages whose titles hold markup say how."""
        return title

    def fill_slug(self, cleaned_data):
        if "slug" in self.fields and not cleaned_data.get("slug") and cleaned_data.get("title"):
            parent = self.parent_page or self.instance.get_parent()
            cleaned_data["slug"] = free_slug(
                parent,
                self.title_text(cleaned_data["title"]),
                fallback=self.slug_fallback,
                page=self.instance,
            )
            self.errors.pop("slug", None)
        return cleaned_data

    def clean(self):
        return self.fill_slug(super().clean())

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors:
            for heading, labels in self.errors_on_other_tabs():
                self.add_error(
                    None,
                    format_lazy(
                        _("The “{tab}” tab has a problem to fix: {fields}. Open that tab above."),
                        tab=heading,
                        fields=", ".join(labels),
                    ),
                )

    def errors_on_other_tabs(self):
        """(tab heading, [field labels]) for every tab but the first that holds an error:
        an editor filling in the first tab would not see them, only a small count."""
        tabs = getattr(type(self.instance).get_edit_handler(), "children", ())
        found = []
        for tab in list(tabs)[1:]:
            names = [n for n in tab.get_form_options().get("fields", ()) if n in self.errors]
            if names:
                found.append((tab.heading, [str(self.fields[n].label) for n in names]))
        return found
