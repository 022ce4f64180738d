"""The research highlight's admin form and the research page's query string."""

from django import forms
from django.utils.translation import gettext as _

from lab_site.forms import PublicQueryForm
from scholarly_text.forms import LatexTitlePageForm


class TopicFilterForm(PublicQueryForm):
    """The research page's query string: ``?topic=<slug>``; anything else is ignored."""

    topic = forms.SlugField(required=False, max_length=80)


class ResearchHighlightForm(LatexTitlePageForm):
    """The headline (and so the slug) may be left empty: the featured paper's title is used.

    The fields that fall back to the paper show the paper's value as a placeholder,
    so the editor sees what visitors will get without filling them in.
    """

    slug_fallback = "highlight"

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
        return self.fill_slug(cleaned_data)  # again: the title may come from the paper
