"""Contact details: e-mail, address, map and office hours from the site settings, in the
footer and the home page's contact section; and a word to the editor when a call to action
offers visitors no way to reach the group."""

import pytest
from django.urls import reverse

from home.models import HomePage
from lab_site.models import SiteSettings

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def set_contact(home_page, **fields):
    settings = SiteSettings.for_site(home_page.get_site())
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()


@pytest.fixture
def home(home_page):
    page = HomePage.objects.get(pk=home_page.pk)
    page.body = [
        (
            "call_to_action",
            {"heading": "Collaborate with us", "text": "<p>Join us.</p>", "links": []},
        ),
        ("contact", {"heading": "Contact", "intro": ""}),
    ]
    page.save_revision().publish()
    return page


def test_without_contact_details_nothing_empty_is_shown(client, home):
    html = client.get("/").content.decode()

    assert "Collaborate with us" in html and "Join us." in html  # the invitation stays
    assert "cta__actions" not in html and "Get in touch" not in html
    assert 'class="block block-contact"' not in html
    assert "site-footer__address" not in html


def test_contact_details_show_in_the_contact_section_the_footer_and_the_call(client, home):
    set_contact(
        home,
        contact_email="lab@example.org",
        address="MIT, Building 26\n77 Massachusetts Ave\nCambridge MA",
        map_url="https://www.openstreetmap.org/?mlat=42.36&mlon=-71.09",
        office_hours="Tuesdays 2–4 pm",
    )

    html = client.get("/").content.decode()

    section = html.split('class="block block-contact"')[1].split("</section>")[0]
    assert 'href="mailto:lab@example.org"' in section
    assert "MIT, Building 26<br>77 Massachusetts Ave<br>Cambridge MA" in section
    assert "Tuesdays 2–4 pm" in section and ">Map</a>" in section
    footer = html.split('class="site-footer"')[1]
    assert "77 Massachusetts Ave" in footer and "lab@example.org" in footer
    assert 'class="button" href="mailto:lab@example.org">Get in touch</a>' in html


@pytest.mark.parametrize(("email", "warned"), [("", True), ("lab@example.org", False)])
def test_the_editor_is_told_when_a_call_to_action_leads_nowhere(client, home, email, warned):
    set_contact(home, contact_email=email)
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))

    html = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()

    assert ("visitors who read it have no way to reach the group" in html) is warned


@pytest.mark.parametrize(
    "link, offered",
    [
        (
            {
                "label": "Our papers",
                "page": None,
                "url": "https://lab.example.org/papers",
                "email": "",
            },
            True,
        ),
        ({"label": "Write to Max", "page": None, "url": "", "email": "max@example.org"}, False),
    ],
)
def test_the_contact_e_mail_joins_a_boxs_buttons_unless_one_is_an_e_mail(
    client, home, link, offered
):
    set_contact(home, contact_email="lab@example.org")
    home.body = [
        (
            "call_to_action",
            {"heading": "Collaborate with us", "text": "<p>Join us.</p>", "links": [link]},
        )
    ]
    home.save_revision().publish()

    html = client.get("/").content.decode()
    box = html[html.index("cta__actions") :]
    box = box[: box.index("</p>")]

    assert link["label"] in box
    assert ('href="mailto:lab@example.org">Get in touch</a>' in box) is offered
