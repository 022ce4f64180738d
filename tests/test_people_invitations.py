"""Inviting members (command and admin), and telling them what moderators decided."""

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

from .factories import UserFactory
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
    assert user.email == "vedang@example.org"
    assert not user.has_usable_password()
    assert user.groups.filter(name="Members").exists()
    assert "Invited Vedang Lad" in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vedang@example.org"]
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
        {"username": "vedang@example.org", "password": "a-long-new-password"},
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
    settings.EMAIL_BACKEND = "tests.test_people_invitations.FailingBackend"

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
