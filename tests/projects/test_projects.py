"""Projects, software and datasets: their pages list their papers, a paper's page links its
projects, and each kind has its schema.org type."""

import json
import re
from datetime import date

import pytest

from projects.models import ProjectKind
from publications.models import PublicationIndexPage

from ..factories import add_project, add_projects_index, add_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(home_page):
    return add_projects_index(home_page, show_in_menus=True)


@pytest.fixture
def paper(home_page):
    index = home_page.add_child(instance=PublicationIndexPage(title="Papers", slug="papers"))
    return add_publication(index, "KAN: Kolmogorov-Arnold Networks", date(2024, 4, 30))


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def test_a_project_lists_its_papers_and_a_paper_links_its_projects(client, projects, paper):
    project = add_project(projects, "pykan", papers=[paper])

    project_html = client.get(project.url).content.decode()
    paper_html = client.get(paper.url).content.decode()

    assert (
        "KAN: Kolmogorov-Arnold Networks" in project_html and f'href="{paper.url}"' in project_html
    )
    assert 'id="paper-projects"' in paper_html and f'href="{project.url}">pykan</a>' in paper_html


@pytest.mark.parametrize(
    ("kind", "schema_type", "key"),
    [
        (ProjectKind.SOFTWARE, "SoftwareSourceCode", "codeRepository"),
        (ProjectKind.DATASET, "Dataset", "distribution"),
        (ProjectKind.PROJECT, "ResearchProject", "parentOrganization"),
    ],
)
def test_each_kind_has_its_schema_org_type(client, projects, kind, schema_type, key):
    project = add_project(
        projects, "Thing", kind=kind, data_url="https://example.org/data.zip", licence="MIT"
    )

    data = json_ld(client.get(project.url).content.decode())

    assert data["@type"] == schema_type and key in data
    # A licence is a creative work's (schema.org has none for a ResearchProject).
    if kind == ProjectKind.PROJECT:
        assert "license" not in data
    else:
        assert data["license"] == "https://spdx.org/licenses/MIT.html"


def test_the_list_groups_projects_by_kind_and_the_menu_waits_for_one(client, home_page, projects):
    assert 'href="/projects/"' not in client.get("/").content.decode()
    add_project(projects, "pykan")
    add_project(projects, "A dataset", kind=ProjectKind.DATASET)

    html = client.get(projects.url).content.decode().split("<main", 1)[1]

    assert html.index("Software") < html.index("pykan") < html.index("Datasets")
    assert 'class="main-nav__link" href="/projects/"' in client.get("/").content.decode()
    search = client.get("/search/?q=pykan").content.decode()
    assert 'id="group-projects">Projects' in search


@pytest.mark.parametrize("kind", ["software", "dataset"])
def test_an_editor_previews_a_new_project(client, projects, kind):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from ..factories import UserFactory

    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["projects", "projectpage", projects.pk]
    )
    data = {
        "title": "Previewed toolkit",
        "slug": "",
        "kind": kind,
        "status": "active",
        "summary": "A toolkit.",
        "image_alt_text": "",
        "body": streamfield([("formula", {"latex": "x^2", "caption": ""})]),
        "repository_url": "",
        "documentation_url": "",
        "data_url": "",
        "demo_url": "",
        "licence": "MIT",
        "papers": inline_formset([]),
        "highlights": inline_formset([]),
        "people": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }

    posted = client.post(url, nested_form_data(data))
    shown = client.get(url).content.decode()

    assert posted.json()["is_valid"], posted.content[:500]
    assert "Previewed toolkit" in shown and 'display="block"' in shown


def test_the_home_page_and_a_members_profile_show_projects(client, home_page, projects):
    from home.models import HomePage
    from people.models import PeopleIndexPage

    from ..factories import add_member

    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    ana = add_member(people, "Ana Lovelace")
    home = HomePage.objects.get(pk=home_page.pk)
    home.body = [("projects", {"heading": "Software and data", "intro": "", "count": 3})]
    home.save_revision().publish()
    assert "Software and data" not in client.get("/").content.decode()

    add_project(projects, "pykan", members=[ana])
    add_project(projects, "Old code", status="archived")

    home_html = client.get("/").content.decode()
    profile = client.get(ana.url).content.decode()
    assert "Software and data" in home_html and "pykan" in home_html
    assert "Old code" not in home_html
    assert 'id="member-projects"' in profile and "pykan" in profile


def test_formulas_in_a_projects_title_and_summary_show_as_math_everywhere_it_is_listed(
    client, projects
):
    """As in news and events: the list, the page, the search and the JSON-LD (plain text)."""
    project = add_project(
        projects, "Grokking at $\\alpha$ scale", summary="Fits $N^{-1}$ scaling laws."
    )

    pages = {
        "list": client.get(projects.url).content.decode(),
        "page": client.get(project.url).content.decode(),
        "search": client.get("/search/?q=grokking").content.decode(),
    }

    for name, html in pages.items():
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert "<math" in main, name
        assert "$" not in main, name
    data = json_ld(pages["page"])
    assert data["name"] == "Grokking at α scale"
    assert "$" not in data["description"] and "N" in data["description"]
