"""The events list's query string, and the event's admin form: its address from the title,
and a member's talk names them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lab_site.forms import PublicQueryForm
from people.contributions import ContributionFormMixin
from scholarly_text.forms import LatexTitlePageForm


class EventFilterForm(PublicQueryForm):
    """``?year=<year>&kind=<kind>``; anything else is ignored."""

    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    kind = forms.SlugField(required=False, max_length=20)


class EventPageForm(ContributionFormMixin, LatexTitlePageForm):
    """A member may add only an event they speak at: their profile must be a speaker."""

    contributor_formset = "speakers"
    contributor_message = _(
        "Add yourself under “Speakers”: members may add the talks they give; an editor can "
        "add others."
    )
