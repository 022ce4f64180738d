"""The public home page and the frame every page shares (navigation, meta tags, errors)."""

import pytest
from django.test import override_settings
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from lab_site.models import SiteSettings

from ..conftest import count_queries
from ..factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_groups_mission_from_the_seed(client, demo_site):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Welcome to the Tegmark AI Safety Group!" in html
    assert "Our main focus is on mechanistic interpretability (MI)" in html
    for motivation in (
        "Diagnose trustworthiness",
        "Improve trustworthiness",
        "Guarantee trustworthiness",
    ):
        assert motivation in html
    assert html.index("Diagnose trustworthiness") < html.index("Guarantee trustworthiness")
    assert "Then please consider collaborating with our group!" in html


def test_home_page_has_title_description_canonical_and_opengraph(client, demo_site):
    html = client.get("/").content.decode()

    assert "<title>Tegmark AI Safety Group</title>" in html
    assert (
        '<meta name="description" content="Our main focus is on mechanistic interpretability'
        in html
    )
    assert '<link rel="canonical" href="http://localhost/">' in html
    assert '<meta property="og:title" content="Tegmark AI Safety Group">' in html
    assert '<meta property="og:url" content="http://localhost/">' in html
    assert '<meta property="og:site_name" content="Tegmark AI Safety Group">' in html


def test_search_description_overrides_the_meta_description(client, demo_site):
    demo_site.search_description = "A lab studying how neural networks work."
    demo_site.save_revision().publish()

    html = client.get("/").content.decode()

    assert '<meta name="description" content="A lab studying how neural networks work.">' in html


def test_empty_home_page_still_renders_with_its_title(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    assert "<h1" in response.content.decode()


def test_editing_the_home_page_in_the_admin_changes_the_public_page(
    admin_client, client, demo_site
):
    data = nested_form_data(
        {
            "title": "Home",
            "slug": "home",
            "heading": "Welcome to our new lab",
            "intro": rich_text("<p>We now also study <b>robustness</b>.</p>"),
            "body": streamfield([("text", rich_text("<p>A brand new section.</p>"))]),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(f"/admin/pages/{demo_site.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get("/").content.decode()
    assert "Welcome to our new lab" in html
    assert "We now also study <b>robustness</b>." in html
    assert "A brand new section." in html
    assert "Diagnose trustworthiness" not in html
    # The previous version is kept in the page's history.
    assert HomePage.objects.get(pk=demo_site.pk).revisions.count() == 2


def test_editing_site_settings_in_the_admin_changes_every_page(admin_client, client, demo_site):
    url = f"/admin/settings/lab_site/sitesettings/{demo_site.get_site().pk}/"
    data = nested_form_data(
        {
            "group_name": "Interpretability Lab",
            "tagline": "Opening the black box",
            "contact_email": "lab@example.org",
            "footer_text": rich_text("<p>Building 26, Room 100</p>"),
            "social_links": streamfield(
                [("link", {"platform": "github", "url": "https://github.com/example"})]
            ),
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get("/").content.decode()
    assert "<title>Interpretability Lab</title>" in html
    assert "Opening the black box" in html
    assert 'href="mailto:lab@example.org"' in html
    assert '<a href="https://github.com/example" rel="me noopener">GitHub</a>' in html
    assert "Building 26, Room 100" in html
    # The call to action offers the contact address when it has no buttons of its own.
    assert 'class="button" href="mailto:lab@example.org">Get in touch</a>' in html


def test_navigation_follows_the_page_tree(client, demo_site):
    shown = ContentPageFactory(parent=demo_site, title="Join us", slug="join", show_in_menus=True)
    ContentPageFactory(parent=demo_site, title="Hidden page", slug="hidden", show_in_menus=False)
    draft = ContentPageFactory(
        parent=demo_site, title="Draft page", slug="draft", show_in_menus=True
    )
    draft.unpublish()

    html = client.get(shown.url).content.decode()
    nav = html[html.index('<nav class="main-nav"') : html.index("</nav>")]

    assert '<a class="main-nav__link" href="/">Home</a>' in nav
    assert '<a class="main-nav__link" href="/join/" aria-current="page">Join us</a>' in nav
    assert "Hidden page" not in nav
    assert "Draft page" not in nav


def test_navigation_costs_the_same_queries_whatever_the_number_of_sections(client, demo_site):
    # Measured on a standard page, whose own content costs nothing; the home page's
    # sections are measured in test_home_sections.py.
    for number in range(2):
        ContentPageFactory(
            parent=demo_site,
            title=f"Section {number}",
            slug=f"section-{number}",
            show_in_menus=True,
        )
    few = count_queries(client, "/section-0/")
    for number in range(2, 12):
        ContentPageFactory(parent=demo_site, title=f"Section {number}", show_in_menus=True)
    many = count_queries(client, "/section-0/")

    assert few == many
    assert many <= 9


def test_text_is_escaped_everywhere(client, demo_site):
    settings = SiteSettings.for_site(demo_site.get_site())
    settings.group_name = '<script>alert("x")</script>'
    settings.tagline = '"><img src=x onerror=alert(1)>'
    settings.save()
    demo_site.heading = "<b>bold</b> heading"
    demo_site.save_revision().publish()

    html = client.get("/").content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; heading" in html


def test_missing_page_gets_the_styled_404(client, demo_site):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert '<nav class="main-nav"' in html
    assert '<meta name="robots" content="noindex">' in html


@override_settings(DEBUG=False)
def test_server_error_page_renders_without_a_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render({})

    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html


def test_public_pages_carry_a_strict_content_security_policy(client, demo_site):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy


def test_robots_txt_points_to_the_sitemap(client, demo_site):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert client.get("/sitemap.xml").status_code == 200


def test_favicon_ico_redirects_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_the_home_page_takes_each_section_and_every_page_type_has_a_place():
    """What an editor may add below the home page is what names it (``parent_page_types``): every
    section's index page and standard pages, nothing else; and each page type an editor
    can create has a place in the tree below the home page."""
    from wagtail.models import get_page_models

    below_home = set(HomePage.creatable_subpage_models())
    assert below_home == {
        model
        for model in get_page_models()
        if model.is_creatable and "home.HomePage" in (model.parent_page_types or [])
    }
    assert {model.__name__ for model in below_home} >= {
        "ContentPage",
        "PeopleIndexPage",
        "PublicationIndexPage",
        "ResearchIndexPage",
        "NewsIndexPage",
        "EventIndexPage",
        "OpeningIndexPage",
        "ProjectIndexPage",
        "AwardIndexPage",
        "TeachingIndexPage",
        "GalleryIndexPage",
    }
    reachable, frontier = set(below_home), list(below_home)
    while frontier:
        for model in frontier.pop().creatable_subpage_models():
            if model not in reachable:
                reachable.add(model)
                frontier.append(model)
    creatable = {m for m in get_page_models() if m.is_creatable and m is not HomePage}
    assert creatable <= reachable


def test_the_demos_invitation_to_collaborate_leads_somewhere_without_a_made_up_address(
    client, admin_client, demo_site
):
    """The seed gives no e-mail address: the box's buttons lead to the members (whose pages
    carry their own links) and the papers, and the editor is not warned of a dead end."""
    from lab_site.models import SiteSettings as Settings

    assert not Settings.for_site(demo_site.get_site()).contact_email
    html = client.get("/").content.decode()
    box = html[html.index('class="block block-cta') :]
    box = box[: box.index("</section>")]
    assert "Collaborate with us" in box
    assert 'href="/people/"' in box and "Meet the members" in box
    assert 'href="/publications/"' in box and "Read our papers" in box
    assert "mailto:" not in box

    edit = admin_client.get(f"/admin/pages/{demo_site.pk}/edit/", follow=True)
    said = " ".join(str(message) for message in edit.context["messages"])
    assert "no way to reach the group" not in said
