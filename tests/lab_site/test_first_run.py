"""What `make run` sets up on the first run: the site's address follows the port it is
served on, and the development server answers a missing page with the site's own 404."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def set_site_address(*args):
    out = StringIO()
    call_command("set_site_address", *args, stdout=out)
    return out.getvalue()


def test_the_site_follows_the_address_make_run_serves_on(home_page, client):
    output = set_site_address("http://127.0.0.1:8101")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8101)
    assert "127.0.0.1:8101" in output
    assert home_page.get_full_url() == "http://127.0.0.1:8101/"
    # Links that leave the site (canonical, sitemap) use it too.
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8101").content.decode()
    assert "<loc>http://127.0.0.1:8101/</loc>" in sitemap


def test_a_site_with_a_public_name_is_left_alone_unless_forced(home_page):
    Site.objects.filter(is_default_site=True).update(hostname="lab.example.org", port=443)

    kept = set_site_address("http://127.0.0.1:8000")
    assert Site.objects.get(is_default_site=True).hostname == "lab.example.org"
    assert "stays at lab.example.org:443" in kept

    set_site_address("http://127.0.0.1:8000", "--force")
    assert Site.objects.get(is_default_site=True).hostname == "127.0.0.1"


def test_a_dry_run_changes_nothing(home_page):
    output = set_site_address("http://localhost:9000", "--dry-run")

    assert "would now be localhost:9000" in output
    assert Site.objects.get(is_default_site=True).port == 80


@pytest.mark.parametrize("address", ["ftp://127.0.0.1:21", "http://127.0.0.1:99999", "http://"])
def test_an_address_that_is_not_one_is_refused_with_a_reason(home_page, address):
    with pytest.raises(CommandError, match="address|port"):
        set_site_address(address)


@pytest.mark.parametrize("path", ["/no-such-page/", "/no/such/deep/page/", "/file.txt", "/a.php"])
def test_the_development_server_shows_the_sites_own_404(home_page, client, settings, path):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "lab_site.middleware.SiteNotFoundPageMiddleware"]

    response = client.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert "URLconf" not in html and "Using the URLconf" not in html


def test_dev_settings_use_the_sites_404():
    from lab_site.settings import dev

    assert dev.DEBUG is True
    assert "lab_site.middleware.SiteNotFoundPageMiddleware" in dev.MIDDLEWARE
