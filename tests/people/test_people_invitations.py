"""Inviting members (command and admin), and telling them what moderators decided."""

import contextlib
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from people.models import MemberPage, PeopleIndexPage, ProfileSettings, Role

from ..factories import UserFactory
from .test_people_permissions import member_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(home_page):
    index = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    page = index.add_child(
        instance=MemberPage(title="Vedang Lad", slug="vedang-lad", role=Role.MASTERS)
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def invite(*args):
    out = StringIO()
    call_command("invite_member", *args, stdout=out)
    return out.getvalue()


def test_command_creates_links_and_emails_a_set_password_link(client, member):
    output = invite("vedang-lad", "Vedang@Example.org")

    user = MemberPage.objects.get(pk=member.pk).user
    # Django's normalisation: the domain in lower case, the local part as typed.
    assert user.email == "Vedang@example.org"
    assert not user.has_usable_password()
    assert user.groups.filter(name="Members").exists()
    assert "Invited Vedang Lad" in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Vedang@example.org"]
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+)", message.body)[1]
    # The link lets them choose a password, then sign in.
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    client.post(
        form_url, {"new_password1": "a-long-new-password", "new_password2": "a-long-new-password"}
    )
    client.logout()
    response = client.post(
        "/admin/login/",
        {"username": "Vedang@example.org", "password": "a-long-new-password"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reinviting_a_linked_member_says_so_and_changes_nothing(member):
    invite("vedang-lad", "vedang@example.org")
    mail.outbox.clear()

    with pytest.raises(CommandError, match="already linked"):
        invite("vedang-lad", "someone-else@example.org")

    assert MemberPage.objects.get(pk=member.pk).user.email == "vedang@example.org"
    assert get_user_model().objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "a@example.org"), "No member page has the slug “nobody”"),
        (("vedang-lad", "not-an-email"), "is not a valid e-mail address"),
    ],
)
def test_command_explains_bad_input_and_writes_nothing(member, args, message):
    with pytest.raises(CommandError, match=message):
        invite(*args)

    assert get_user_model().objects.count() == 0
    assert mail.outbox == []


def test_failed_email_leaves_no_account_behind(member, settings):
    settings.EMAIL_BACKEND = "tests.people.test_people_invitations.FailingBackend"

    with pytest.raises(ConnectionRefusedError):
        invite("vedang-lad", "vedang@example.org")

    assert get_user_model().objects.count() == 0
    assert MemberPage.objects.get(pk=member.pk).user is None


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_editor_invites_from_the_member_page_in_the_admin(client, member, editor):
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[member.pk])).content.decode()
    url = reverse("people_invite", args=[member.pk])
    assert url in edit

    response = client.post(url, {"email": "vedang@example.org"})

    assert response.status_code == 302
    assert MemberPage.objects.get(pk=member.pk).user.email == "vedang@example.org"
    assert len(mail.outbox) == 1


def test_admin_invite_shows_a_field_error_for_a_bad_address(client, member, editor):
    client.force_login(editor)

    response = client.post(reverse("people_invite", args=[member.pk]), {"email": "nope"})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert MemberPage.objects.get(pk=member.pk).user is None


def test_members_cannot_invite(client, member):
    someone = UserFactory(username="someone")
    someone.groups.add(Group.objects.get(name="Members"))
    client.force_login(someone)

    client.post(reverse("people_invite", args=[member.pk]), {"email": "x@example.org"})

    assert MemberPage.objects.get(pk=member.pk).user is None


def test_my_profile_leads_a_member_to_their_own_editor(client, member):
    invite("vedang-lad", "vedang@example.org")
    user = MemberPage.objects.get(pk=member.pk).user
    client.force_login(user)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(reverse("people_my_profile"))

    assert "My profile" in dashboard
    assert "Edit my profile" in dashboard
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[member.pk])


def submit_bio(client, member, bio):
    data = member_form(member, bio=rich_text(bio), **{"action-submit": "1"})
    return client.post(reverse("wagtailadmin_pages:edit", args=[member.pk]), data)


@pytest.mark.parametrize(("action", "word"), [("approve", "approved"), ("reject", "rejected")])
def test_member_is_emailed_the_decision_with_the_moderators_comment(client, member, action, word):
    ProfileSettings.objects.update_or_create(defaults={"approval_required": True})
    invite("vedang-lad", "vedang@example.org")
    member_user = MemberPage.objects.get(pk=member.pk).user
    client.force_login(member_user)
    submit_bio(client, member, "<p>New bio</p>")
    page = MemberPage.objects.get(pk=member.pk)
    task_state = page.current_workflow_state.current_task_state
    moderator = UserFactory(username="moderator", email="mod@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    mail.outbox.clear()

    client.force_login(moderator)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": "Nice photo, but fix the typo"},
    )

    to_member = [message for message in mail.outbox if message.to == ["vedang@example.org"]]
    assert len(to_member) == 1
    assert word in to_member[0].body
    assert "Nice photo, but fix the typo" in to_member[0].body


# --- which account an invitation may reach ------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "admın@example.org",  # dotless ı: PostgreSQL's UPPER() makes it ADMIN@EXAMPLE.ORG
        "ADMIN@example.org",
        "admin@EXAMPLE.org.",
        "admİn@example.org",  # dotted capital İ
        "ａdmin@example.org",  # fullwidth a
    ],
)
def test_an_address_that_only_case_folds_to_an_account_never_reaches_it(member, typed):
    admin = UserFactory(username="admin", email="admin@example.org", is_superuser=True)

    with contextlib.suppress(CommandError):  # refusing is fine; reaching the admin is not
        invite("vedang-lad", typed)

    admin.refresh_from_db()
    linked = MemberPage.objects.get(pk=member.pk).user
    assert linked != admin
    assert not admin.groups.filter(name="Members").exists()
    for message in mail.outbox:
        assert message.to != ["admin@example.org"]
        assert f"/{admin.pk}/" not in message.body  # no set-password link for the admin
    if linked is not None:
        assert message.to == [linked.email]


@pytest.mark.parametrize(
    "make_account",
    [
        lambda: UserFactory(username="root", email="boss@example.org", is_superuser=True),
        lambda: UserFactory(username="staff", email="boss@example.org", is_staff=True),
        lambda: _in_group(UserFactory(username="ed", email="boss@example.org"), "Editors"),
        lambda: _in_group(UserFactory(username="mod", email="boss@example.org"), "Moderators"),
    ],
)
def test_a_privileged_account_is_never_linked_through_an_invitation(member, make_account):
    account = make_account()

    with pytest.raises(CommandError, match="Membership"):
        invite("vedang-lad", "boss@example.org")

    assert MemberPage.objects.get(pk=member.pk).user is None
    assert mail.outbox == []
    account.refresh_from_db()
    assert not account.groups.filter(name="Members").exists()


def _in_group(user, name):
    user.groups.add(Group.objects.get(name=name))
    return user


def test_an_ordinary_account_with_exactly_that_address_is_reused(member):
    account = UserFactory(username="vedang", email="vedang@example.org")

    invite("vedang-lad", "vedang@EXAMPLE.org")

    assert MemberPage.objects.get(pk=member.pk).user == account
    assert mail.outbox[0].to == ["vedang@example.org"]


def test_a_long_address_in_the_admin_form_invites_with_a_shortened_user_name(
    client, member, editor
):
    client.force_login(editor)
    address = "v" * 180 + "@example.org"

    response = client.post(reverse("people_invite", args=[member.pk]), {"email": address})

    assert response.status_code == 302
    user = MemberPage.objects.get(pk=member.pk).user
    assert user.email == address
    assert len(user.username) <= 150
    assert user.username in mail.outbox[0].body


def test_an_address_longer_than_an_account_can_hold_is_a_field_error(client, member, editor):
    client.force_login(editor)

    response = client.post(
        reverse("people_invite", args=[member.pk]), {"email": "v" * 250 + "@example.org"}
    )

    assert response.status_code == 200
    assert "254" in response.content.decode()
    assert MemberPage.objects.get(pk=member.pk).user is None
