"""The news list's query string and the news item's admin form."""

from django import forms
from django.utils.translation import gettext as _

from lab_site.forms import PageNumberField, PublicQueryForm
from lab_site.page_forms import BasePageForm
from people.contributions import own_profile, writes_only_about_themselves
from publications import latex


class NewsFilterForm(PublicQueryForm):
    """``?topic=<slug>&year=<year>&page=<n>``; anything else is ignored."""

    topic = forms.SlugField(required=False, max_length=80)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    page = PageNumberField()


class NewsPageForm(BasePageForm):
    """The address is made from the title as visitors read it ($\\alpha$ → alpha). A member
    may write news only about themselves: their own profile must be among the people the
    item names (editors may name anyone)."""

    def title_text(self, title):
        return latex.slug_words(title)

    def is_valid(self):
        # The people are a formset, validated after the page's own fields: check them last.
        valid = super().is_valid()
        if valid and writes_only_about_themselves(self.for_user):
            named = {
                form.cleaned_data["member"].pk
                for form in self.formsets["people"].forms
                if form.cleaned_data.get("member") and not form.cleaned_data.get("DELETE")
            }
            profile = own_profile(self.for_user)
            if profile is None or profile.pk not in named:
                self.add_error(
                    None,
                    _(
                        "Add yourself under “People in this news”: members may write news "
                        "about themselves; an editor can name others."
                    ),
                )
                return False
        return valid
