"""Two discovery runs at the same time (two processes, PostgreSQL): each work is suggested
once, and neither process fails."""

import pytest
from django.db import connection

from discovery.models import Suggestion
from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage
from tests.conftest import build_site_tree, manage_py_in_parallel
from tests.factories import add_member, add_publication


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs two processes against PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_suggest_each_work_once(sources, monkeypatch, settings):
    from datetime import date

    home = build_site_tree()
    index = home.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    people = home.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    add_member(people, "Ziming Liu", orcid="https://orcid.org/0000-0002-1825-0097")
    add_member(people, "Eric J. Michaud", orcid="https://orcid.org/0000-0001-5109-3700")
    add_publication(
        index,
        "Poisson Flow Generative Models",
        date(2022, 9, 22),
        authors=("Yilun Xu", "Ziming Liu", "Max Tegmark"),
        authors_cut=True,
    )
    for name in ("ORCID_API_URL", "OPENALEX_API_URL", "CROSSREF_API_URL", "ARXIV_AUTHOR_FEED_URL"):
        monkeypatch.setenv(name, getattr(settings, name))

    outcomes = manage_py_in_parallel(["discover_publications"], ["discover_publications"])

    for code, out, err in outcomes:
        assert code == 0 and "Traceback" not in err, (code, out, err)
    titles = list(
        Suggestion.objects.filter(kind=Suggestion.Kind.NEW).values_list("title", flat=True)
    )
    # Six works are not on this small site (the demo has Omnigrok and the Quantization
    # Model); each is suggested once.
    assert len(titles) == len(set(titles)) == 6
    assert Suggestion.objects.filter(kind=Suggestion.Kind.ENRICH).count() == 1
