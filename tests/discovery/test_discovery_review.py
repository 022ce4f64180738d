"""The admin's "Suggested publications": editors accept (as is, edited, many at once) or
dismiss; members say "mine" or "not mine" on the suggestions naming them, and nothing
more, on every path that writes."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from discovery.models import Suggestion, SuggestionMember
from discovery.review import ReviewProblem, accept_enrichment, accept_new, dismiss, set_claim
from people.models import PeopleIndexPage
from publications.importers import PublicationRecord
from publications.models import PublicationIndexPage, PublicationPage
from publications.runs import record_to_json
from tests.factories import UserFactory, add_member, add_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    ana_user = UserFactory(username="ana")
    ana_user.groups.add(Group.objects.get(name="Members"))
    ben_user = UserFactory(username="ben")
    ben_user.groups.add(Group.objects.get(name="Members"))
    ana = add_member(people, "Ana Lopez", user=ana_user)
    ben = add_member(people, "Ben Okafor", user=ben_user)
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    return {
        "index": index,
        "ana": ana,
        "ben": ben,
        "editor": editor,
        "ana_user": ana_user,
        "ben_user": ben_user,
    }


def new_suggestion(members, title="Sparse circuits in small transformers", **fields):
    record = PublicationRecord(
        title=title,
        authors=["Ana Lopez", "Carla Diaz"],
        publication_date=date(2025, 3, 4),
        publication_type="conference",
        venue="ICML 2025",
        arxiv_id="2503.01234",
        extra={"author_orcids": ["", ""]},
        **fields,
    )
    suggestion = Suggestion.objects.create(
        kind=Suggestion.Kind.NEW,
        title=title,
        arxiv_id="2503.01234",
        record={**record_to_json(record), "cited_by": 12},
        sources=[{"source": "OpenAlex", "id": "W1"}],
    )
    for member in members:
        SuggestionMember.objects.create(
            suggestion=suggestion, member=member, reasons=[f"OpenAlex lists {member.title}"]
        )
    return suggestion


def enrichment(page, fills, members=()):
    suggestion = Suggestion.objects.create(
        kind=Suggestion.Kind.ENRICH,
        title=page.title,
        page=page,
        fills=fills,
        record=record_to_json(
            PublicationRecord(title=page.title, authors=["X"], publication_date=date(2024, 1, 1))
        ),
    )
    for member in members:
        SuggestionMember.objects.create(suggestion=suggestion, member=member, reasons=["r"])
    return suggestion


def test_accepting_a_new_paper_creates_it_with_a_revision_and_links_the_member(client, site):
    suggestion = new_suggestion([site["ana"]])
    client.force_login(site["editor"])

    form = client.get(reverse("publications_suggestion", args=[suggestion.pk]))
    assert "Accept and add to the site" in form.content.decode()
    response = client.post(
        reverse("publications_suggestion", args=[suggestion.pk]),
        {
            "title": "Sparse circuits in small transformers",
            "authors": "Ana Lopez\nCarla Diaz",
            "publication_date": "2025-03-04",
            "publication_type": "conference",
            "venue": "ICML 2025 (Oral)",  # the editor corrects it
            "arxiv_id": "2503.01234",
        },
        follow=True,
    )

    paper = PublicationPage.objects.get(title="Sparse circuits in small transformers")
    assert paper.live and paper.revisions.count() == 1
    assert paper.revisions.get().user == site["editor"]
    assert paper.venue == "ICML 2025 (Oral)"
    assert [author.member for author in paper.authors.all()] == [site["ana"], None]
    assert paper.citation_count.count == 12
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.created_page_id == paper.pk
    assert "is on the site now" in response.content.decode()
    profile = client.get(site["ana"].url).content.decode()
    assert "Sparse circuits in small transformers" in profile


def test_a_bad_edit_is_shown_on_the_form_and_nothing_is_created(client, site):
    suggestion = new_suggestion([site["ana"]])
    client.force_login(site["editor"])
    response = client.post(
        reverse("publications_suggestion", args=[suggestion.pk]),
        {
            "title": "T",
            "authors": "",
            "publication_date": "not a date",
            "publication_type": "conference",
            "doi": "not-a-doi",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give at least one author." in page
    assert "A DOI looks like" in page
    assert not PublicationPage.objects.exists()


def test_dismissed_suggestions_cannot_be_accepted_later(site):
    suggestion = new_suggestion([site["ana"]])
    dismiss(suggestion, site["editor"])
    with pytest.raises(ReviewProblem, match="already dismissed"):
        accept_new(suggestion, site["editor"])
    assert not PublicationPage.objects.exists()


def test_enrichment_fills_only_ticked_empty_fields_and_remembers_the_rest(client, site):
    paper = add_publication(
        site["index"],
        "Omni paper",
        date(2024, 1, 1),
        authors=("Ana Lopez", "Ben Okafor"),
        authors_cut=True,
        venue="",
    )
    suggestion = enrichment(
        paper,
        {
            "arxiv_id": {"old": "", "new": "2401.00001"},
            "venue": {"old": "", "new": "NeurIPS 2024"},
            "authors": {
                "old": "Ana Lopez, Ben Okafor et al.",
                "new": "Ana Lopez, Ben Okafor, Carla Diaz",
                "names": ["Ana Lopez", "Ben Okafor", "Carla Diaz"],
                "orcids": ["", "", ""],
            },
        },
    )
    client.force_login(site["editor"])
    response = client.post(
        reverse("publications_suggestion", args=[suggestion.pk]),
        {"field": ["arxiv_id", "authors"]},
        follow=True,
    )
    paper = PublicationPage.objects.get(pk=paper.pk)
    assert paper.arxiv_id == "2401.00001"
    assert paper.venue == ""  # unticked
    assert [a.name for a in paper.authors.all()] == ["Ana Lopez", "Ben Okafor", "Carla Diaz"]
    assert not paper.authors_cut
    assert paper.get_latest_revision().user == site["editor"]
    assert "filled in arXiv id, authors" in response.content.decode()
    declined = Suggestion.objects.get(page=paper, status="dismissed")
    assert list(declined.fills) == ["venue"]


def test_enrichment_never_replaces_what_an_editor_wrote_meanwhile(site):
    paper = add_publication(site["index"], "Omni paper", date(2024, 1, 1), venue="")
    suggestion = enrichment(paper, {"venue": {"old": "", "new": "From OpenAlex"}})
    paper.venue = "ICLR 2024 (Spotlight)"
    paper.save_revision().publish()

    filled = accept_enrichment(suggestion, site["editor"], ["venue"])

    assert filled.kept == ["venue"] and filled.filled == []
    assert PublicationPage.objects.get(pk=paper.pk).venue == "ICLR 2024 (Spotlight)"


def test_enrichment_of_a_paper_with_a_draft_is_saved_as_a_draft(site):
    paper = add_publication(site["index"], "Omni paper", date(2024, 1, 1), venue="")
    paper.abstract = "An editor's unpublished draft."
    paper.save_revision()
    suggestion = enrichment(paper, {"arxiv_id": {"old": "", "new": "2401.00001"}})

    filled = accept_enrichment(suggestion, site["editor"], ["arxiv_id"])

    assert filled.draft
    live = PublicationPage.objects.get(pk=paper.pk)
    assert live.arxiv_id == "" and live.abstract == ""
    draft = live.get_latest_revision_as_object()
    assert draft.arxiv_id == "2401.00001" and draft.abstract == "An editor's unpublished draft."


def test_bulk_accept_adds_every_ticked_suggestion(client, site):
    one = new_suggestion([site["ana"]])
    two = new_suggestion([site["ben"]], title="Another paper")
    two.arxiv_id = ""
    two.record = {**two.record, "arxiv_id": ""}
    two.save()
    client.force_login(site["editor"])
    response = client.post(
        reverse("publications_suggestions_accept"), {"selected": [one.pk, two.pk]}, follow=True
    )
    assert "Accepted 2 of 2 suggestions." in response.content.decode()
    assert set(PublicationPage.objects.values_list("title", flat=True)) == {
        "Sparse circuits in small transformers",
        "Another paper",
    }


def test_a_member_sees_only_the_suggestions_naming_them(client, site):
    new_suggestion([site["ana"]], title="Ana's paper")
    new_suggestion([site["ben"]], title="Ben's paper")
    client.force_login(site["ana_user"])
    page = client.get(reverse("publications_suggestions")).content.decode()
    assert "Ana&#x27;s paper" in page and "Ben&#x27;s paper" not in page
    assert "Accept the ticked" not in page


def test_a_member_says_mine_and_the_editor_sees_it(client, site):
    suggestion = new_suggestion([site["ana"]])
    client.force_login(site["ana_user"])
    client.post(reverse("publications_suggestion_claim", args=[suggestion.pk]), {"claim": "mine"})
    assert SuggestionMember.objects.get(suggestion=suggestion).claim == "mine"
    client.force_login(site["editor"])
    listing = client.get(reverse("publications_suggestions")).content.decode()
    assert "Ana Lopez: <strong>mine</strong>" in listing


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        (
            "publications_suggestion",
            {
                "title": "X",
                "authors": "A",
                "publication_date": "2025-01-01",
                "publication_type": "preprint",
            },
        ),
        ("publications_suggestion_dismiss", {}),
        ("publications_suggestions_accept", None),
    ],
)
def test_a_member_cannot_decide_on_any_path(client, site, url_name, data):
    suggestion = new_suggestion([site["ana"]])
    client.force_login(site["ana_user"])
    if data is None:
        response = client.post(reverse(url_name), {"selected": [suggestion.pk]})
    else:
        response = client.post(reverse(url_name, args=[suggestion.pk]), data)
    assert response.status_code in {302, 403}
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    assert not PublicationPage.objects.exists()


def test_a_member_cannot_claim_or_see_another_members_suggestion(client, site):
    bens = new_suggestion([site["ben"]])
    client.force_login(site["ana_user"])
    assert client.get(reverse("publications_suggestion", args=[bens.pk])).status_code == 404
    response = client.post(
        reverse("publications_suggestion_claim", args=[bens.pk]), {"claim": "not_mine"}
    )
    assert response.status_code == 404
    assert SuggestionMember.objects.get(suggestion=bens).claim == ""
    with pytest.raises(Exception, match="Only the members"):
        set_claim(bens, site["ana_user"], "mine")


def test_odd_query_strings_never_fail(client, site):
    new_suggestion([site["ana"]])
    client.force_login(site["editor"])
    for query in ["?status=zzz", "?p=abc", "?p=999999999999", "?kind=%00", "?status=all&p=-1"]:
        assert client.get(reverse("publications_suggestions") + query).status_code == 200


def test_the_runs_log_shows_a_failing_source(client, site):
    from discovery.models import DiscoveryRun

    DiscoveryRun.objects.create(
        status="partial",
        sources={
            "OpenAlex": {
                "asked": 1,
                "found": 0,
                "errors": [
                    "Ana Lopez: OpenAlex answered with an error (500 Internal Server Error)."
                ],
                "skipped": [],
            }
        },
        counts={"new": 1},
    )
    client.force_login(site["editor"])
    page = client.get(reverse("publications_discovery_runs")).content.decode()
    assert "Done, but a source failed" in page
    assert "OpenAlex answered with an error (500" in page
    client.force_login(site["ana_user"])
    assert client.get(reverse("publications_discovery_runs")).status_code in {302, 403}


def test_the_menu_offers_the_queue_to_members_it_names_and_to_editors(client, site):
    new_suggestion([site["ana"]])
    url = reverse("publications_suggestions")
    for user, shown in [("ana_user", True), ("ben_user", False), ("editor", True)]:
        client.force_login(site[user])
        assert (url in client.get(reverse("wagtailadmin_home")).content.decode()) is shown, user
