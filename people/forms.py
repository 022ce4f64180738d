from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .permissions import IMAGE_FIELDS, is_member_only, refused_images


class MemberPageForm(WagtailAdminPageForm):
    """A profile's form: a member may choose only images they uploaded (the chooser shows
    only those; this refuses any other id posted by hand)."""

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or not is_member_only(user) or not self.instance.pk:
            return cleaned_data
        chosen = {
            name: getattr(cleaned_data.get(name), "pk", None)
            for name in IMAGE_FIELDS
            if name in cleaned_data
        }
        for name in refused_images(user, chosen, self.instance.current_version()):
            self.add_error(
                name,
                _(
                    "You can only use images you uploaded yourself. Choose “Choose an image”, "
                    "then “Upload”, to add one."
                ),
            )
        return cleaned_data


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address"),
        max_length=254,
        help_text=_(
            "They receive a link to choose a password, then sign in and edit only their own profile."
        ),
    )
