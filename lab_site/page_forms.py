"""The admin form every page type starts from."""

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
