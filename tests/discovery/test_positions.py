"""Where alumni are now, from their public ORCID records (v3.0 employments, recorded by
others: tests/files/discovery/real/SOURCES): each discovery run offers the newest
position an alumnus took up after leaving, which they or an editor put on the profile or
dismiss."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from discovery.models import DiscoveryRun, PositionSuggestion
from discovery.positions import newest_position
from lab_site.groups import EDITORS
from people.models import MemberPage, ProfileSettings
from publications.importers.orcid import parse_employments

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parents[1] / "files" / "discovery" / "real"
CARBERRY = "0000-0002-1825-0097"


def employments(orcid):
    return parse_employments(json.loads((REAL / f"orcid_{orcid}_employments.json").read_text()))


def test_a_v3_record_gives_its_employments_newest_first():
    jobs = employments(CARBERRY)

    assert [(job.role, job.organisation, job.start[0]) for job in jobs] == [
        ("Professor", "Wesleyan University", 1930),
        ("Professor", "Brown University", 1929),
    ]
    assert jobs[0].department == "Psychoceramics" and jobs[0].current
    assert jobs[0].start == (1930, 2, 29) and jobs[0].url == ""


def test_the_older_shape_without_role_or_dates_is_read_too():
    (job,) = employments("0000-0000-0000-0000")

    assert (job.role, job.organisation, job.start, job.current) == (
        "",
        "California Digital Library",
        (0, 0, 0),
        True,
    )


@pytest.mark.parametrize(
    "answer",
    [None, [], {}, {"affiliation-group": "x"}, {"affiliation-group": [{"summaries": [1]}]}],
)
def test_answers_without_employments_give_none(answer):
    assert parse_employments(answer) == []


@pytest.mark.parametrize(
    "left, offered",
    [(date(1929, 6, 30), "Wesleyan University"), (date(1931, 6, 30), None)],
)
def test_only_a_position_taken_up_after_leaving_is_offered(left, offered):
    member = MemberPage(title="Josiah Carberry", end_date=left)

    job = newest_position(member, employments(CARBERRY))

    assert (job.organisation if job else None) == offered


@pytest.fixture
def alumnus(demo_site):
    member = MemberPage.objects.get(title="Eric J. Michaud")
    member.orcid = f"https://orcid.org/{CARBERRY}"
    member.discover_publications = False  # asked about where they are, not their papers
    member.start_date, member.end_date = date(1925, 9, 1), date(1929, 6, 30)
    member.save_revision().publish()
    return MemberPage.objects.get(pk=member.pk)


def discover():
    call_command("discover_publications", stdout=StringIO(), stderr=StringIO())
    return DiscoveryRun.objects.first()


def test_a_run_offers_where_an_alumnus_is_now_once(sources, alumnus, admin_client):
    run = discover()
    discover()

    runs_page = admin_client.get(reverse("publications_discovery_runs")).content.decode()
    assert "1 alumnus's new position, on the dashboard" in runs_page

    (suggestion,) = PositionSuggestion.objects.all()
    assert suggestion.member_id == alumnus.pk
    assert suggestion.words == "Professor, Wesleyan University (since 1930)"
    assert run.counts["positions"] == 1
    assert "is now: Professor, Wesleyan University (since 1930) (ORCID)" in run.log
    assert any(
        path.startswith(f"/orcid/{CARBERRY}/employments") for path, _agent in sources.requests
    )


def test_a_dismissed_position_or_one_the_profile_has_is_not_offered_again(sources, alumnus):
    discover()
    PositionSuggestion.objects.update(status=PositionSuggestion.Status.DISMISSED)
    discover()
    assert PositionSuggestion.objects.count() == 1

    PositionSuggestion.objects.all().delete()
    alumnus.now_position, alumnus.now_organisation = "Professor", "Wesleyan University"
    alumnus.save()
    discover()
    assert not PositionSuggestion.objects.exists()


def test_an_orcid_that_fails_is_reported_and_the_run_goes_on(sources, alumnus):
    sources.answers[f"/orcid/{CARBERRY}/employments"] = (500, b"oops")

    run = discover()

    assert run.status in {DiscoveryRun.Status.DONE, DiscoveryRun.Status.PARTIAL}
    assert "Eric J. Michaud" in " ".join(run.sources["ORCID employments"]["errors"])
    assert not PositionSuggestion.objects.exists()


def editor():
    user = UserFactory(username="edith")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_an_editor_puts_it_on_the_profile_with_a_published_revision(sources, alumnus, client):
    discover()
    suggestion = PositionSuggestion.objects.get()
    revisions = alumnus.revisions.count()
    client.force_login(editor())

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="position-suggestions-section"' in dashboard
    assert "<td>Professor, Wesleyan University (since 1930)</td>" in dashboard
    answer = client.post(
        reverse("discovery_position_decide", args=[suggestion.pk, "accept"]), follow=True
    )

    member = MemberPage.objects.get(pk=alumnus.pk)
    assert (member.now_position, member.now_organisation, member.now_since) == (
        "Professor",
        "Wesleyan University",
        1930,
    )
    assert member.revisions.count() == revisions + 1 and not member.has_unpublished_changes
    said = " ".join(str(message) for message in answer.context["messages"])
    assert "profile now says: Now: Professor, Wesleyan University (since 1930)" in said
    assert (
        "Now: Professor, Wesleyan University (since 1930)"
        in client.get(member.url).content.decode()
    )
    assert 'id="position-suggestions-section"' not in answer.content.decode()


def test_the_alumnus_accepts_it_as_a_draft_when_approval_is_required(sources, alumnus, client):
    settings = ProfileSettings.load()
    settings.approval_required = True
    settings.save()
    owner = UserFactory(username="eric")
    owner.groups.add(Group.objects.get(name="Members"))
    MemberPage.objects.filter(pk=alumnus.pk).update(user=owner)
    discover()
    suggestion = PositionSuggestion.objects.get()
    client.force_login(owner)

    assert (
        "Professor, Wesleyan University"
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.post(reverse("discovery_position_decide", args=[suggestion.pk, "accept"]))

    member = MemberPage.objects.get(pk=alumnus.pk)
    assert member.now_organisation == ""  # the live profile waits for approval
    assert member.get_latest_revision_as_object().now_organisation == "Wesleyan University"


def test_someone_who_may_not_edit_the_profile_cannot_decide(sources, alumnus, client):
    discover()
    suggestion = PositionSuggestion.objects.get()
    other = UserFactory(username="ana")
    other.groups.add(Group.objects.get(name="Members"))
    client.force_login(other)

    assert "position-suggestions" not in client.get(reverse("wagtailadmin_home")).content.decode()
    for decision in ("accept", "dismiss", "anything"):
        answer = client.post(reverse("discovery_position_decide", args=[suggestion.pk, decision]))
        assert answer.status_code in {302, 403}
    assert PositionSuggestion.objects.get().status == PositionSuggestion.Status.PENDING


def test_dismissing_keeps_the_profile_as_it_is(sources, alumnus, client):
    discover()
    suggestion = PositionSuggestion.objects.get()
    client.force_login(editor())

    client.post(reverse("discovery_position_decide", args=[suggestion.pk, "dismiss"]))

    assert PositionSuggestion.objects.get().status == PositionSuggestion.Status.DISMISSED
    assert MemberPage.objects.get(pk=alumnus.pk).now_organisation == ""


def test_the_panels_forms_carry_the_pages_csrf_token(sources, alumnus):
    """A browser's post is checked for its CSRF token (the test client's is not unless
    asked): the dashboard's buttons work only if the panel's forms carry it."""
    import re

    from django.test import Client

    discover()
    suggestion = PositionSuggestion.objects.get()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor())

    dashboard = browser.get(reverse("wagtailadmin_home")).content.decode()
    panel = dashboard[dashboard.index('id="position-suggestions-section"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', panel).group(1)
    answer = browser.post(
        reverse("discovery_position_decide", args=[suggestion.pk, "dismiss"]),
        {"csrfmiddlewaretoken": token},
    )

    assert answer.status_code == 302
    assert PositionSuggestion.objects.get().status == PositionSuggestion.Status.DISMISSED
