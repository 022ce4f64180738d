"""Recognising members in author lists, never guessing when two members fit."""

import pytest

from people.models import PeopleIndexPage
from publications.authors import MemberIndex, normalise

from ..factories import add_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Eric J. Michaud", "eric j michaud"),
        ("Michaud, Eric J.", "eric j michaud"),
        ("G\\'{e}rard D\\\"urr", "gerard durr"),
        ("Gérard Dürr", "gerard durr"),
        ('David "davidad" Dalrymple', "david dalrymple"),
        ("Jean-Luc Picard", "jean luc picard"),
    ],
)
def test_names_are_normalised(printed, expected):
    assert normalise(printed) == expected


@pytest.fixture
def members(home_page):
    index = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))

    def add(name, variants=""):
        return add_member(index, name, name_variants=variants)

    return {
        "eric": add("Eric J. Michaud"),
        "josh": add("Josh Engels"),
        "ziming": add("Ziming Liu", "刘子鸣"),
        "jane": add("Jane Smith"),
        "john": add("John Smith"),
        "pete": add("Peter S. Park", "P. S. Park"),
    }


@pytest.mark.parametrize(
    ("printed", "who"),
    [
        ("Eric J. Michaud", "eric"),
        ("Eric Michaud", "eric"),
        ("E. J. Michaud", "eric"),
        ("Michaud, Eric", "eric"),
        ("Joshua Engels", "josh"),
        ("Ziming Liu", "ziming"),
        ("Peter Park", "pete"),
        ("Jane Smith", "jane"),
    ],
)
def test_member_is_recognised_in_the_name_forms_papers_use(members, printed, who):
    match = MemberIndex.of_all_members().match(printed)

    assert match.member == members[who]


@pytest.mark.parametrize("printed", ["Yilun Xu", "Isaac L. Chuang", "Eric Gan", "Ziqian Zhong"])
def test_non_members_are_not_matched(members, printed):
    match = MemberIndex.of_all_members().match(printed)

    assert match.member is None
    assert not match.ambiguous


def test_an_ambiguous_name_is_reported_not_guessed(members):
    match = MemberIndex.of_all_members().match("J. Smith")

    assert match.member is None
    assert match.ambiguous
    assert [member.title for member in match.candidates] == ["Jane Smith", "John Smith"]


def test_saving_in_the_admin_links_authors_and_asks_about_ambiguous_names(
    admin_client, members, home_page
):
    from datetime import date

    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from publications.models import PublicationIndexPage, PublicationPage

    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    url = reverse("wagtailadmin_pages:add", args=["publications", "publicationpage", index.pk])

    def post(authors):
        return admin_client.post(
            url,
            nested_form_data(
                {
                    "title": "A paper",
                    "slug": "a-paper",
                    "publication_date": date(2024, 1, 1).isoformat(),
                    "publication_type": "preprint",
                    "status": "published",
                    "date_precision": "day",
                    "authors": inline_formset([{"name": name, "member": ""} for name in authors]),
                }
            ),
        )

    ambiguous = post(["Eric Michaud", "J. Smith"])
    assert ambiguous.status_code == 200
    assert "could be several members (Jane Smith, John Smith)" in ambiguous.content.decode()
    assert not PublicationPage.objects.exists()

    saved = post(["Eric Michaud", "Joshua Engels", "Yilun Xu"])
    assert saved.status_code == 302
    paper = PublicationPage.objects.get()
    assert [author.member for author in paper.get_latest_revision_as_object().authors.all()] == [
        members["eric"],
        members["josh"],
        None,
    ]
