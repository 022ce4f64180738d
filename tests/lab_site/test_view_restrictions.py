"""Private sections stay private: on their own pages, in lists, navigation, search and sitemap."""

import pytest
from wagtail.models import PageViewRestriction

from ..factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def test_a_login_restricted_section_and_its_children_ask_to_log_in(client, home_page):
    private = ContentPageFactory(parent=home_page, title="Internal", slug="internal")
    ContentPageFactory(parent=private, title="Minutes", slug="minutes")
    ContentPageFactory(parent=home_page, title="About", slug="about")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    for url in ("/internal/", "/internal/minutes/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]
    assert client.get("/about/").status_code == 200


def test_a_password_restricted_page_shows_the_password_form(client, home_page):
    private = ContentPageFactory(parent=home_page, title="Draft results", slug="results")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="s3")

    response = client.get("/results/")

    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_an_alias_of_a_restricted_page_is_restricted_too(client, home_page):
    private = ContentPageFactory(parent=home_page, title="Internal", slug="internal")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    private.create_alias(update_slug="internal-copy")

    response = client.get("/internal-copy/")

    assert response.status_code == 302
