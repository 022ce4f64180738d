"""The admin form every page type starts from."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .text import slug_from


class BasePageForm(WagtailAdminPageForm):
    """Fills in the page's address (slug) from its title when the editor leaves it empty,
    so that a new page publishes on the first try; the slug sits on the Promote tab,
    where an editor would not see an error about it. An address another page under the
    same parent has is an error the editor sees (never a silent "…-1": that is how a
    second copy of a page used to hide)."""

    slug_fallback = "page"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_from_site_settings()

    def start_from_site_settings(self):
        """A new page's fields that the site settings give (``BasePage.site_defaults``)."""
        if self.instance.pk or self.parent_page is None:
            return
        starting = getattr(self.instance, "site_default_values", None)
        for field, value in (starting(self.parent_page) if starting else {}).items():
            if value and field in self.fields:
                self.initial[field] = value

    def title_text(self, title):
        """The title as words for the address; pages whose titles hold markup say how."""
        return title

    def fill_slug(self, cleaned_data):
        if "slug" in self.fields and not cleaned_data.get("slug") and cleaned_data.get("title"):
            parent = self.parent_page or self.instance.get_parent()
            slug = slug_from(self.title_text(cleaned_data["title"]), self.slug_fallback)
            others = parent.get_children().filter(slug=slug)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            self.errors.pop("slug", None)
            if others.exists():
                self.add_error(
                    "slug",
                    format_lazy(
                        _(
                            "Another page in “{parent}” already has the address “{slug}”. "
                            "Give this page a different title, or type a different address "
                            "here."
                        ),
                        parent=parent.title,
                        slug=slug,
                    ),
                )
            else:
                cleaned_data["slug"] = slug
        return cleaned_data

    def clean(self):
        return self.fill_slug(super().clean())

    def defer_required_fields(self):
        """A draft saves what is filled in: Wagtail leaves out the required fields, and
        the page and its inline children (speakers, authors) are told to leave out what
        only a published page needs (``BasePage.completeness_deferred``): a talk's place,
        the name of the speaker form Wagtail adds empty. Publishing asks for them."""
        super().defer_required_fields()
        for instance in self.instances():
            instance.completeness_deferred = True

    def restore_required_fields(self):
        super().restore_required_fields()
        for instance in self.instances():
            instance.completeness_deferred = False

    def instances(self):
        yield self.instance
        for formset in self.formsets.values():
            for form in formset.forms:
                yield form.instance

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
