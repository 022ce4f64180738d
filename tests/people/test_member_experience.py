"""What members and editors are told in the admin: where Save draft leaves a member, what a
pending submission means, the guide on the dashboard, the invitation's password page and
the warning while moderation reaches nobody."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.test.utils.form_data import rich_text

from ..factories import UserFactory
from . import test_people_permissions as permissions
from .test_people_permissions import (
    client_for,
    edit_url,
    fresh,
    member_form,
    set_approval_required,
)

# The permission matrix's site: two members, an editor, a moderator, a superuser.
matrix_site = permissions.matrix_site
site = permissions.site

pytestmark = pytest.mark.django_db


def test_save_draft_keeps_a_member_on_their_profile(client, site):
    client = client_for(client, site, "member_a")

    response = client.post(
        edit_url(site["a"]), member_form(site["a"], bio=rich_text("<p>Draft.</p>"))
    )

    assert response.status_code == 302
    assert response.url.startswith(edit_url(site["a"]))
    assert "Draft." in fresh(site["a"]).get_latest_revision_as_object().bio


def test_submitting_takes_a_member_to_the_dashboard_that_shows_its_state(client, site):
    set_approval_required(True)
    client = client_for(client, site, "member_a")

    response = client.post(
        edit_url(site["a"]),
        member_form(site["a"], bio=rich_text("<p>Ready.</p>"), **{"action-submit": "1"}),
    )

    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    dashboard = client.get(response.url).content.decode()
    assert "Waiting for approval" in dashboard


def test_a_member_whose_change_waits_is_told_what_happens_next_and_how_to_withdraw(client, site):
    set_approval_required(True)
    site["users"]["member_a"].email = "ana@example.org"
    site["users"]["member_a"].save()
    client = client_for(client, site, "member_a")
    client.post(
        edit_url(site["a"]),
        member_form(site["a"], bio=rich_text("<p>Ready.</p>"), **{"action-submit": "1"}),
    )

    html = client.get(edit_url(site["a"])).content.decode()

    assert (
        "waiting for a moderator&#x27;s approval" in html
        or "waiting for a moderator's approval" in html
    )
    assert "you get an e-mail at ana@example.org" in html
    assert "Withdraw my submission" in html
    assert "Cancel workflow" not in html


def test_an_editor_still_sees_wagtails_words_for_a_pending_page(client, site):
    set_approval_required(True)
    member = client_for(client, site, "member_a")
    member.post(
        edit_url(site["a"]),
        member_form(site["a"], bio=rich_text("<p>Ready.</p>"), **{"action-submit": "1"}),
    )
    client.logout()

    html = client_for(client, site, "superuser").get(edit_url(site["a"])).content.decode()

    assert "Withdraw my submission" not in html


def dashboard(client, site, actor):
    return client_for(client, site, actor).get(reverse("wagtailadmin_home")).content.decode()


def test_members_get_their_guide_and_editors_theirs(client, site):
    member = dashboard(client, site, "member_a")
    client.logout()
    editor = dashboard(client, site, "editor")

    assert 'id="how-this-site-works-section"' in member
    assert "Submit to Moderators approval" in member
    assert reverse("people_my_profile") in member
    assert reverse("publications_import") not in member

    assert 'id="how-this-site-works-section"' in editor
    assert reverse("publications_import") in editor
    assert reverse("wagtailadmin_pages:edit", args=[site["home"].pk]) in editor
    assert reverse("wagtailadmin_explore", args=[site["people"].pk]) in editor
    assert reverse("wagtailadmin_reports:workflow") in editor


def test_a_member_who_publishes_their_own_changes_is_told_to_publish(client, site):
    set_approval_required(False)

    html = dashboard(client, site, "member_a")

    assert "choose “Publish”" in html
    assert "Submit to" not in html


def test_the_dashboard_warns_while_no_moderator_can_be_e_mailed(client, site):
    warning = 'id="moderation-reaches-nobody-section"'
    get_user_model().objects.update(email="")
    assert warning in dashboard(client, site, "superuser")

    site["users"]["moderator"].email = "mod@example.org"
    site["users"]["moderator"].save()
    assert warning not in dashboard(client, site, "superuser")


def test_an_administrator_with_an_address_is_told_of_submissions_too(client, site):
    get_user_model().objects.update(email="")
    UserFactory(username="boss", is_superuser=True, email="boss@example.org")

    assert 'id="moderation-reaches-nobody-section"' not in dashboard(client, site, "superuser")


def test_the_warning_is_only_for_those_who_can_fix_it(client, site):
    get_user_model().objects.update(email="")

    assert 'id="moderation-reaches-nobody-section"' not in dashboard(client, site, "member_a")


def set_password_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("wagtailadmin_password_reset_confirm", args=[uid, token])


def test_an_invited_member_is_welcomed_to_choose_a_first_password(client):
    user = UserFactory(username="new@example.org", email="new@example.org")
    user.set_unusable_password()
    user.save()

    html = client.get(set_password_path(user), follow=True).content.decode()

    assert "Welcome! Choose your password" in html
    assert "new@example.org" in html
    assert "Save my password" in html
    assert "Reset password" not in html


def test_someone_who_forgot_their_password_chooses_a_new_one(client):
    user = UserFactory(username="old", email="old@example.org")

    html = client.get(set_password_path(user), follow=True).content.decode()

    assert "Choose a new password" in html and "Welcome" not in html


def test_a_used_link_says_what_to_do(client):
    html = client.get(
        reverse("wagtailadmin_password_reset_confirm", args=["MQ", "bad-token"]), follow=True
    ).content.decode()

    assert "This link no longer works" in html
    assert reverse("wagtailadmin_login") in html


def test_an_editor_finds_the_invitation_in_the_membership_panel(client, site):
    html = client_for(client, site, "editor").get(edit_url(site["a"])).content.decode()
    site["a"].__class__.objects.filter(pk=site["a"].pk).update(user=None)
    unlinked = client.get(edit_url(site["a"])).content.decode()

    invite = reverse("people_invite", args=[site["a"].pk])
    assert "cannot sign in yet" not in html
    assert "Ana A cannot sign in yet" in unlinked and invite in unlinked


def test_each_moderator_gets_one_e_mail_per_submission(client, site):
    """Wagtail writes to every superuser for the workflow and to the task's group (and
    every superuser) for its task: a superuser who moderates got the news twice."""
    from collections import Counter

    from django.contrib.auth.models import Group
    from django.core import mail

    set_approval_required(True)
    site["users"]["superuser"].groups.add(Group.objects.get(name="Moderators"))
    mail.outbox.clear()

    client_for(client, site, "member_a").post(
        edit_url(site["a"]),
        member_form(site["a"], bio=rich_text("<p>Ready.</p>"), **{"action-submit": "1"}),
    )

    received = Counter(address for message in mail.outbox for address in message.to)
    assert received == {"moderator@example.org": 1, "superuser@example.org": 1}


def test_an_invited_member_who_chooses_a_password_is_signed_in_at_their_dashboard(client):
    from django.contrib.auth.models import Group

    user = UserFactory(username="new@example.org", email="new@example.org")
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name="Members"))  # as an invitation makes them
    form = client.get(set_password_path(user), follow=True)
    new_password = "a-new-long-password-42"

    chosen = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )

    assert chosen.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert chosen.context["request"].user == user
    assert "Your password is saved, and you are signed in." in chosen.content.decode()
    user.refresh_from_db()
    assert user.check_password(new_password)
