"""The event's admin form: its address from the title, and a member's talk names them."""

from django.utils.translation import gettext as _

from lab_site.page_forms import BasePageForm
from people.contributions import own_profile, writes_only_about_themselves
from publications import latex


class EventPageForm(BasePageForm):
    """A member may add only an event they speak at: their profile must be a speaker."""

    def title_text(self, title):
        return latex.slug_words(title)

    def is_valid(self):
        # The speakers are a formset, validated after the page's own fields: check them last.
        valid = super().is_valid()
        if valid and writes_only_about_themselves(self.for_user):
            speakers = {
                form.cleaned_data["member"].pk
                for form in self.formsets["speakers"].forms
                if form.cleaned_data.get("member") and not form.cleaned_data.get("DELETE")
            }
            profile = own_profile(self.for_user)
            if profile is None or profile.pk not in speakers:
                self.add_error(
                    None,
                    _(
                        "Add yourself under “Speakers”: members may add the talks they "
                        "give; an editor can add others."
                    ),
                )
                return False
        return valid
