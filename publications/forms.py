from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .authors import MemberIndex


class PublicationPageForm(WagtailAdminPageForm):
    """Links authors to members when the editor saves; an ambiguous name asks the editor to choose."""

    def is_valid(self):
        # Authors are a formset, cleaned after the page form: link them once everything is valid.
        if not super().is_valid():
            return False
        return self._link_authors()

    def _link_authors(self):
        formset = self.formsets.get("authors")
        if formset is None:
            return True
        valid = True
        index = None
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or data.get("member") or not data.get("name"):
                continue
            index = index or MemberIndex.of_all_members()
            match = index.match(data["name"])
            if match.member is not None:
                data["member"] = match.member
                form.instance.member = match.member
            elif match.ambiguous:
                names = ", ".join(member.title for member in match.candidates)
                valid = False
                form.add_error(
                    "member",
                    ValidationError(
                        _("“%(name)s” could be several members (%(names)s): choose the right one.")
                        % {"name": data["name"], "names": names}
                    ),
                )
        return valid


class ResearchHighlightForm(WagtailAdminPageForm):
    """The headline (and so the slug) may be left empty: the featured paper's title is used.

    The fields that fall back to the paper show the paper's value as a placeholder,
    so the editor sees what visitors will get without filling them in.
    """

    PLACEHOLDERS = {
        "authors_override": "author_names",
        "venue_override": "venue_line",
        "arxiv_url": "arxiv_url",
        "code_url": "code_url",
        "demo_url": "demo_url",
        "project_url": "project_url",
        "video_url": "video_url",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "slug"):
            if name in self.fields:
                self.fields[name].required = False
        paper = self.instance.publication if self.instance.publication_id else None
        if paper is None:
            return
        for field_name, attribute in self.PLACEHOLDERS.items():
            value = getattr(paper, attribute, "")
            if field_name in self.fields and value:
                self.fields[field_name].widget.attrs["placeholder"] = (
                    _("From the paper: %s") % value
                )

    def clean(self):
        cleaned_data = super().clean()
        if not (cleaned_data.get("title") or "").strip():
            paper = cleaned_data.get("publication")
            if paper is not None:
                cleaned_data["title"] = paper.title
            elif "title" not in self.errors:
                self.add_error(
                    "title",
                    _("Write a headline, or choose the paper this highlight is about."),
                )
        if "slug" in self.fields and not cleaned_data.get("slug") and cleaned_data.get("title"):
            cleaned_data["slug"] = self._free_slug(slugify(cleaned_data["title"])[:80].strip("-"))
        return cleaned_data

    def _free_slug(self, base):
        """``base``, or ``base-2``, ``base-3``… whichever no sibling page uses yet."""
        parent = self.parent_page or self.instance.get_parent()
        candidate, number = base or "highlight", 1
        while not Page._slug_is_available(candidate, parent, self.instance):
            number += 1
            candidate = f"{base}-{number}"
        return candidate
