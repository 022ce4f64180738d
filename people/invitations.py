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

from lab_site.groups import EDITORS, MEMBERS, MODERATORS


class InvitationError(Exception):
    """The invitation cannot be made; the message says why, for a person."""


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_name(page):
    from lab_site.mail import site_name as group_name

    return group_name(page.get_site())


PRIVILEGED_GROUPS = (EDITORS, MODERATORS)
EMAIL_MAX_LENGTH = 254  # the length of Django's User.email column


def account_for_address(email):
    """The account whose own stored address is ``email``, or None.

    Compared exactly, after Django's normalisation of the domain: a case-insensitive
    match in the database would let an address that merely case-folds to another
    account's (PostgreSQL maps the dotless "ı" to "I") reach that account.
    """
    User = get_user_model()
    candidates = User.objects.filter(email__iexact=email)  # a superset, narrowed below
    matches = [user for user in candidates if User.objects.normalize_email(user.email) == email]
    if len(matches) > 1:
        raise InvitationError(
            f"Several accounts use the address {email}; an editor can link the right one in "
            "the member's “Membership” panel instead. Nothing was changed."
        )
    return matches[0] if matches else None


def is_privileged(user):
    """Staff, superusers, and anyone in a group beyond Members: never linked by invitation."""
    return (
        user.is_superuser
        or user.is_staff
        or user.groups.exclude(name=MEMBERS).exists()
        or user.user_permissions.exists()
    )


def normalised_address(email):
    """``email`` checked and with its domain in lower case (Django's normalisation)."""
    email = (email or "").strip()
    if len(email) > EMAIL_MAX_LENGTH:
        raise InvitationError(
            f"This e-mail address is {len(email)} characters long; at most "
            f"{EMAIL_MAX_LENGTH} are possible."
        )
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvitationError(f"“{email}” is not a valid e-mail address.") from error
    return get_user_model().objects.normalize_email(email)


def new_username(email):
    """The user name of a new account: the address, shortened when it is longer than the
    user-name column (the invitation e-mail tells the member their user name)."""
    User = get_user_model()
    limit = User._meta.get_field(User.USERNAME_FIELD).max_length
    username = email
    if len(email) > limit:
        local, _at, domain = email.rpartition("@")
        username = f"{local[: max(1, limit - len(domain) - 1)]}@{domain}"[:limit]
    if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
        raise InvitationError(
            f"An account named {username} already exists; an editor can link it in the "
            "member's “Membership” panel instead. Nothing was changed."
        )
    return username


@transaction.atomic
def invite_member(member, email):
    """Create (or reuse) the account for ``email``, link it to ``member`` and e-mail a set-password link.

    An existing account is reused only when ``email`` is exactly its own stored
    address, and only when it is an ordinary member's account: an editor's,
    moderator's or administrator's account is never linked through an invitation
    (an editor links it in the member's Membership panel instead). The link goes to
    the account's stored address. All or nothing: if the e-mail cannot be sent, no
    account is created or linked. Returns the user.
    """
    from .models import MemberPage

    email = normalised_address(email)
    member = MemberPage.objects.select_for_update().get(pk=member.pk)
    if member.user_id is not None:
        raise InvitationError(
            f"{member.title} is already linked to the account “{member.user.get_username()}”; "
            "nothing was changed."
        )

    User = get_user_model()
    user = account_for_address(email)
    if user is not None and is_privileged(user):
        raise InvitationError(
            f"The address {email} belongs to an editor's or administrator's account, which "
            "an invitation never links. An editor can link it in the member's “Membership” "
            "panel instead; nothing was changed."
        )
    if user is not None and MemberPage.objects.filter(user=user).exists():
        other = MemberPage.objects.get(user=user)
        raise InvitationError(
            f"The account for {email} already edits the profile of {other.title}; "
            "nothing was changed."
        )
    if user is None:
        user = User(username=new_username(email), email=email)
        name_parts = member.title.split()
        user.first_name = " ".join(name_parts[:-1])[:150]
        user.last_name = (name_parts[-1] if name_parts else "")[:150]
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=MEMBERS))

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
        recipient_list=[user.email],
    )
    return user
