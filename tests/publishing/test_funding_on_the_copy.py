"""Funding and collaborations on the static copy: the funding and grant pages with the
grant's report files, the paper's "Supported by", the collaborations picture and each
member's; an update after a paper changes brings the picture and the report up to date."""

import csv
import io
from datetime import date

import pytest

from people.models import MemberPage, PeopleIndexPage
from publications.models import PublicationIndexPage, PublicationPage
from publishing.models import StaticCopy

from ..factories import (
    add_collaboration_page,
    add_funding_index,
    add_grant,
    add_member,
    add_publication,
)
from .test_publish_static import publish

pytestmark = pytest.mark.django_db


def page_file(out, url):
    return out / url.strip("/") / "index.html"


def test_grants_reports_and_collaborations_are_on_the_copy_and_kept_up_to_date(
    small_site, tmp_path, django_capture_on_commit_callbacks
):
    ziming = MemberPage.objects.get(title="Ziming Liu")
    paper = PublicationPage.objects.get(title="KAN: Kolmogorov-Arnold Networks")
    funding = add_funding_index(small_site, show_in_menus=True)
    grant = add_grant(
        funding,
        "Interpretable machine learning",
        members=[ziming],
        papers=[paper],
        funder_name="National Science Foundation",
        funder_id="10.13039/100000001",
        award_number="DMR-2243523",
        revision=True,
    )
    collaborations = add_collaboration_page(small_site, show_in_menus=True)
    out = tmp_path / "copy"
    publish(out)

    grant_html = page_file(out, grant.url).read_text()
    assert "KAN: Kolmogorov-Arnold Networks" in grant_html
    assert "Only a period" not in grant_html  # a static host answers no query string
    stem = out / grant.url.strip("/")
    report = (stem / "report.csv").read_text(encoding="utf-8-sig")
    assert [row[1] for row in csv.reader(io.StringIO(report))][1:] == [paper.title]
    assert (stem / "report.bib").read_text().lstrip().startswith("@")
    assert "Supported by" in page_file(out, paper.url).read_text()
    assert "National Science Foundation" in page_file(out, funding.url).read_text()
    picture = page_file(out, collaborations.url).read_text()
    assert '<svg class="network"' in picture and "Ziming Liu" in picture
    assert page_file(out, f"{collaborations.url}{ziming.slug}/").is_file()

    # A new paper with a new member, and the funded paper's title changed: an update.
    newcomer = add_member(PeopleIndexPage.objects.get(), "Ada Newcomer")
    with django_capture_on_commit_callbacks(execute=True):
        add_publication(
            PublicationIndexPage.objects.get(),
            "A new paper",
            date(2026, 1, 1),
            authors=("Ada Newcomer", "Ziming Liu"),
            members={"Ada Newcomer": newcomer, "Ziming Liu": ziming},
            revision=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        paper.title = "KAN 2.0: Kolmogorov-Arnold Networks Meet Science"
        paper.save_revision().publish()

    state = StaticCopy.objects.get()
    assert state.last_error == "" and "pages and files" in state.last_kind  # an update
    assert "Ada Newcomer" in page_file(out, collaborations.url).read_text()
    assert "KAN 2.0" in (stem / "report.csv").read_text(encoding="utf-8-sig")
    assert "{KAN} 2.0" in (stem / "report.bib").read_text()
