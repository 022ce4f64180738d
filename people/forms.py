from django import forms
from django.utils.translation import gettext_lazy as _

from lab_site.page_forms import BasePageForm

from .permissions import OwnFilesFormMixin


class MemberPageForm(OwnFilesFormMixin, BasePageForm):
    """A profile's form: a member may use only images and documents they uploaded (the
    choosers show only those; this refuses any other id posted by hand). Its address
    comes from the name, as every page's does."""


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address"),
        max_length=254,
        help_text=_(
            "They receive a link to choose a password, then sign in and edit only their own profile."
        ),
    )
