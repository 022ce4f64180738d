"""The event's admin form: its address from the title, and a member's talk names them."""

from django.utils.translation import gettext_lazy as _

from people.contributions import ContributionFormMixin
from publications.forms import LatexTitlePageForm


class EventPageForm(ContributionFormMixin, LatexTitlePageForm):
    """A member may add only an event they speak at: their profile must be a speaker."""

    contributor_formset = "speakers"
    contributor_message = _(
        "Add yourself under “Speakers”: members may add the talks they give; an editor can "
        "add others."
    )
