"""The site's name and e-mail sender: the admin is named after the group (Site settings),
not "Lab site" or "Wagtail"; e-mails come from "Group name <DEFAULT_FROM_EMAIL>"; and a
server whose sender is a localhost address says so to its administrators."""

from email import message_from_string
from email.utils import parseaddr

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import send_mail
from django.urls import reverse
from wagtail.models import Site

from lab_site.models import SiteSettings

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.group_name = "Tegmark AI Safety Group"
    settings.save()
    return settings


def test_the_admin_is_named_after_the_group(admin_client, named):
    assert Site.objects.get(is_default_site=True).site_name == "Tegmark AI Safety Group"

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "<title>Dashboard - Tegmark AI Safety Group</title>" in html
    heading = html[html.index('<h1 class="w-h1') :]
    assert heading[heading.index(">") + 1 : heading.index("</h1>")].strip() == (
        "Tegmark AI Safety Group"
    )
    assert "Lab site" not in html and "Research group" not in html


def test_renaming_the_group_renames_the_site_and_the_sign_in_page(client, named):
    named.group_name = "Interpretability Lab"
    named.save()

    login = client.get(reverse("wagtailadmin_login")).content.decode()

    assert Site.objects.get(is_default_site=True).site_name == "Interpretability Lab"
    assert "- Interpretability Lab</title>" in login


@pytest.fixture
def sending(settings):
    # pytest-django delivers to the outbox directly; the site's own backend in front of it.
    settings.EMAIL_BACKEND = "lab_site.mail.NamedSenderBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "lab@example.org"
    return settings


def test_e_mails_from_the_site_carry_the_groups_name(sending, named):
    send_mail("Your invitation", "Welcome.", None, ["ana@example.org"])

    sent = mail.outbox[-1]
    header = message_from_string(sent.message().as_string())["From"]
    assert parseaddr(header) == ("Tegmark AI Safety Group", "lab@example.org")


def test_a_message_with_a_sender_of_its_own_keeps_it(sending, named):
    send_mail("Hello", "Hi.", "Max <max@example.org>", ["ana@example.org"])
    send_mail("Hello", "Hi.", "other@example.org", ["ana@example.org"])

    assert [message.from_email for message in mail.outbox[-2:]] == [
        "Max <max@example.org>",
        "other@example.org",
    ]


def test_a_wagtail_moderation_notice_comes_from_the_group(sending, named, home_page):
    """Wagtail's own e-mails (here, a submission to moderators) go through it too."""
    from wagtail.admin.mail import send_mail as wagtail_send_mail

    wagtail_send_mail("“About” waits for approval", "…", ["mod@example.org"])

    assert parseaddr(mail.outbox[-1].from_email) == ("Tegmark AI Safety Group", "lab@example.org")


@pytest.mark.parametrize(
    "sender, warned",
    [("webmaster@localhost", True), ("labsite@localhost", True), ("lab@example.org", False)],
)
def test_a_server_with_a_localhost_sender_warns_its_administrators(
    client, settings, home_page, sender, warned
):
    settings.DEBUG = False
    settings.DEFAULT_FROM_EMAIL = sender
    client.force_login(UserFactory(username="boss", is_superuser=True, email="b@example.org"))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert ('id="sender-unset-section"' in html) is warned
    if warned:
        assert f"sent from “{sender}”" in html and "Set DEFAULT_FROM_EMAIL" in html


def test_editors_and_development_are_not_warned(client, settings, home_page):
    settings.DEFAULT_FROM_EMAIL = "webmaster@localhost"
    editor = UserFactory(username="ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    settings.DEBUG = False
    assert (
        'id="sender-unset-section"' not in client.get(reverse("wagtailadmin_home")).content.decode()
    )

    settings.DEBUG = True
    client.force_login(UserFactory(username="boss", is_superuser=True))
    assert (
        'id="sender-unset-section"' not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_an_editors_dashboard_is_named_after_the_group_too(client, named):
    editor = UserFactory(username="ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    heading = html[html.index('<h1 class="w-h1') :]
    assert "Tegmark AI Safety Group" in heading[: heading.index("</h1>")]
