"""Admin views of the site as a whole: unlocking sign-ins that django-axes locked out."""

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

UNLOCK_PERMISSION = "axes.delete_accessattempt"


class UnlockForm(forms.Form):
    """Which locked-out sign-in to unlock; an id that is no longer (or never was) locked
    out is simply not found."""

    attempt = forms.ModelChoiceField(queryset=AccessAttempt.objects.all())


def locked_out_logins(request):
    """Editors see which sign-ins are locked out after too many wrong passwords, and unlock them."""
    if not request.user.has_perm(UNLOCK_PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        form = UnlockForm(request.POST)
        if form.is_valid():
            attempt = form.cleaned_data["attempt"]
            attempt.delete()
            messages.success(
                request,
                _("“%(user)s” can sign in again from %(address)s.")
                % {"user": attempt.username, "address": attempt.ip_address},
            )
        else:
            messages.warning(
                request, _("That sign-in is no longer locked out, or was never locked out.")
            )
        return redirect("locked_out_logins")
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")
    return TemplateResponse(
        request,
        "lab_site/admin/locked_out_logins.html",
        {
            "attempts": attempts,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "page_title": _("Locked-out logins"),
            "header_title": _("Locked-out logins"),
            "header_icon": "lock",
        },
    )
