"""Inviting a member to edit their own profile: an account, the link, a set-password e-mail."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

MEMBERS_GROUP = "Members"


class InvitationError(Exception):
    """The invitation cannot be made; the message says why, for a person."""


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_name(page):
    from lab_site.models import SiteSettings

    site = page.get_site()
    group_name = SiteSettings.for_site(site).group_name if site else ""
    return group_name or settings.WAGTAIL_SITE_NAME


@transaction.atomic
def invite_member(member, email):
    """Create (or reuse) the account for ``email``, link it to ``member`` and e-mail a set-password link.

    All or nothing: if the e-mail cannot be sent, no account is created or linked.
    Returns the user.
    """
    from .models import MemberPage

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvitationError(f"“{email}” is not a valid e-mail address.") from error

    member = MemberPage.objects.select_for_update().get(pk=member.pk)
    if member.user_id is not None:
        raise InvitationError(
            f"{member.title} is already linked to the account “{member.user.get_username()}”; "
            "nothing was changed."
        )

    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and MemberPage.objects.filter(user=user).exists():
        other = MemberPage.objects.get(user=user)
        raise InvitationError(
            f"The account for {email} already edits the profile of {other.title}; "
            "nothing was changed."
        )
    if user is None:
        if User.objects.filter(username__iexact=email).exists():
            raise InvitationError(f"An account named {email} already exists; nothing was changed.")
        user = User(username=email, email=email)
        name_parts = member.title.split()
        user.first_name = " ".join(name_parts[:-1])[:150]
        user.last_name = (name_parts[-1] if name_parts else "")[:150]
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=MEMBERS_GROUP))

    MemberPage.objects.filter(pk=member.pk).update(user=user)
    member.user = user

    context = {
        "member": member,
        "user": user,
        "set_password_url": set_password_url(user),
        "login_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_login"),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_name": site_name(member),
    }
    send_mail(
        subject=render_to_string("people/emails/invitation_subject.txt", context).strip(),
        message=render_to_string("people/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return user
