"""The news list's query string and the news item's admin form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lab_site.forms import PageNumberField, PublicQueryForm
from people.contributions import ContributionFormMixin
from scholarly_text.forms import LatexTitlePageForm


class NewsFilterForm(PublicQueryForm):
    """``?topic=<slug>&year=<year>&page=<n>``; anything else is ignored."""

    topic = forms.SlugField(required=False, max_length=80)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    page = PageNumberField()


class NewsPageForm(ContributionFormMixin, LatexTitlePageForm):
    """A member may write news only about themselves: their own profile must be among the
    people the item names (editors may name anyone)."""

    contributor_formset = "people"
    contributor_message = _(
        "Add yourself under “People in this news”: members may write news about themselves; "
        "an editor can name others."
    )
