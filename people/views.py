"""Admin views for members and the editors who invite them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from wagtail.admin.views.account import PasswordResetConfirmView
from wagtail.admin.views.pages.history import PageHistoryView
from wagtail.admin.views.pages.preview import PreviewOnCreateView, PreviewOnEditView

from .forms import InviteForm
from .invitations import InvitationError, invite_member
from .models import MemberPage
from .permissions import MANAGE_MEMBERS


def my_profile(request):
    """Send a member straight to the editor of their own profile."""
    member = MemberPage.objects.filter(user=request.user).first()
    if member is None:
        messages.warning(request, _("Your account is not linked to a profile yet. Ask an editor."))
        return redirect("wagtailadmin_home")
    return redirect("wagtailadmin_pages:edit", member.pk)


def invite(request, page_id):
    """Editors: create the login account of a member and e-mail them a set-password link."""
    member = get_object_or_404(MemberPage, pk=page_id)
    if not request.user.has_perm(MANAGE_MEMBERS):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[member.pk])
    if member.user_id:
        messages.warning(
            request,
            _("%(name)s can already sign in as “%(user)s”; nothing was changed.")
            % {"name": member.title, "user": member.user.get_username()},
        )
        return redirect(edit_url)

    form = InviteForm(request.POST or None, initial={"email": member.email})
    if request.method == "POST" and form.is_valid():
        try:
            invite_member(member, form.cleaned_data["email"])
        except InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _(
                    "Invitation sent to %(email)s. %(name)s can now set a password and edit their profile."
                )
                % {"email": form.cleaned_data["email"], "name": member.title},
            )
            return redirect(edit_url)
    return TemplateResponse(
        request,
        "people/admin/invite.html",
        {
            "member": member,
            "form": form,
            "edit_url": edit_url,
            "page_title": _("Invite %s") % member.title,
            "header_title": _("Invite %s") % member.title,
            "header_icon": "mail",
        },
    )


class PageOwnPermissionMixin:
    """Leave the decision to the page's own permission test.

    Wagtail's preview and history views first ask whether the user may change *some*
    page through a group permission, which a member (who edits only their profile)
    never has. The views then ask the page itself (``can_edit``), which is the test
    that knows a profile's owner; only that test is kept.
    """

    permission_required = None
    any_permission_required = None


class ProfilePreviewOnEditView(PageOwnPermissionMixin, PreviewOnEditView):
    """The edit form's Preview, open to the member whose profile it is."""


class ProfileHistoryView(PageOwnPermissionMixin, PageHistoryView):
    """A profile's history, open to the member whose profile it is."""


class ContributionPreviewOnCreateView(PageOwnPermissionMixin, PreviewOnCreateView):
    """The new page form's Preview, open to whoever may add the page there (a member
    drafting news about themselves: the listing page's own test says so)."""


class ChoosePasswordView(PasswordResetConfirmView):
    """Wagtail's page for choosing a password from an invitation or a reset link, which
    then signs the person in and opens their dashboard, instead of asking at once for
    the password they have just chosen."""

    post_reset_login = True
    # Axes counts failed logins at the login form; this sign-in follows a valid link.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("wagtailadmin_home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved, and you are signed in."))
        return response
