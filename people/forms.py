from django import forms
from django.utils.translation import gettext_lazy as _


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address"),
        max_length=254,
        help_text=_(
            "They receive a link to choose a password, then sign in and edit only their own profile."
        ),
    )
