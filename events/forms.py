"""The events list's query string, and the event's admin form: its address from the title,
and a member's talk names them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lab_site import time_zones
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.fields.get("time_zone")
        if zone is not None:
            zone.error_messages["invalid_choice"] = _(
                "“%(value)s” is not a time zone: type the city or region (e.g. “Oslo”) and "
                "choose from the list."
            )
            # An event saved with an older name ("US/Eastern") shows the zone it means.
            value = self.initial.get("time_zone")
            if value and value not in dict(zone.choices):
                self.initial["time_zone"] = time_zones.current_name(value) or value
