"""Grants on the site, from the editor's side and the visitor's: discovery reads the funding
Crossref and OpenAlex give (their real answers, served by a real HTTP server on
127.0.0.1), offers the links to the site's grants and new grants for awards it does not
know, and an editor's "accept" writes them in revisions. The paper's page then says
"Supported by", the grant's page lists its outputs, and its report opens in a spreadsheet
and in BibTeX tools. OpenAlex's open-access location and authors' institutions are kept
fresh by each run."""

import csv
import io
import json
import shutil
import subprocess
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from discovery import review
from discovery.discover import discover
from discovery.models import AuthorInstitution, OpenAccessLocation, Suggestion
from funding.models import FundingIndexPage, GrantPage, GrantPaper
from funding.reports import HEADER, period_of
from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage
from tests.factories import (
    add_funding_index,
    add_grant,
    add_member,
    add_project,
    add_projects_index,
    add_publication,
)
from tests.publications.recorded_sources import (
    REAL,
    Sources,
)
from tests.publications.test_bibtex_toolchain import biber_messages

pytestmark = pytest.mark.django_db

ORCID = "0000-0002-1642-628X"  # Carl Boettiger, whose works the real Crossref answer lists
PEERJ_AUTHORS = [
    "Heather Piwowar",
    "Jason Priem",
    "Vincent Larivière",
    "Juan Pablo Alperín",
    "Lisa Matthias",
    "Bree Norlander",
    "Ashley Farley",
    "Jevin D. West",
    "Stefanie Haustein",
]


def openalex_list(*works):
    """OpenAlex's list answer around recorded works (its ``results``, as the API sends)."""
    return json.dumps({"meta": {"count": len(works), "next_cursor": None}, "results": list(works)})


@pytest.fixture
def site(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    carl = add_member(people, "Carl Boettiger", orcid=f"https://orcid.org/{ORCID}")
    heather = add_member(people, "Heather Piwowar")
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    members = {"Carl Boettiger": carl, "Heather Piwowar": heather}
    transition = add_publication(
        index,
        "The transition from resistance to acceptance: Managing a marine invasive species "
        "in a changing world",
        date(2025, 1, 24),
        authors=("Abigail G. Keller", "Carl Boettiger"),
        members=members,
        doi="10.1111/1365-2664.14881",
    )
    trap = add_publication(
        index,
        "The forecast trap",
        date(2022, 5, 30),
        authors=("Carl Boettiger",),
        members=members,
        doi="10.1111/ele.14024",
    )
    state_of_oa = add_publication(
        index,
        "The state of OA: a large-scale analysis of the prevalence and impact of Open Access "
        "articles",
        date(2018, 2, 13),
        authors=PEERJ_AUTHORS,
        members=members,
        doi="10.7717/peerj.4375",
    )
    funding = add_funding_index(home_page)
    nsf = add_grant(
        funding,
        "Forecasting ecological change",
        members=[carl],
        funder_name="National Science Foundation",
        funder_id="https://doi.org/10.13039/100000001",
        award_number="DBI-1942280",
        start_date=date(2020, 6, 1),
        end_date=None,
        revision=True,
    )
    Sources.answers = {
        "/crossref/works": (200, (REAL / "crossref_list_ecology_boettiger.json").read_bytes()),
        "/openalex/works": (
            200,
            openalex_list(
                json.loads((REAL / "openalex_W2741809807_2026.json").read_text())
            ).encode(),
        ),
    }
    return {
        "carl": carl,
        "heather": heather,
        "transition": transition,
        "trap": trap,
        "oa": state_of_oa,
        "nsf": nsf,
        "funding": funding,
        "index": index,
    }


def run():
    return discover(sources=["crossref", "openalex"], log=lambda line: None)


def funding_offer(page):
    suggestion = Suggestion.objects.get(
        kind=Suggestion.Kind.ENRICH, status=Suggestion.Status.PENDING, page=page
    )
    return suggestion, suggestion.fills.get("funding")


def test_discovery_offers_links_to_grants_and_new_grants_from_real_crossref_funding(sources, site):
    run()

    suggestion, offer = funding_offer(site["transition"])
    entries = {entry["award"]["award"]: entry for entry in offer["awards"]}
    # NSF DBI‐1942280 (Crossref's U+2010 hyphen) is the site's grant DBI-1942280.
    assert entries["DBI‐1942280"]["grant"] == site["nsf"].pk
    # The Department of Energy's award is not on the site: offered as a new grant.
    assert entries["DE‐SC0024386"]["grant"] is None
    # The Geological Survey is named with no award number: no grant of its own.
    assert set(entries) == {"DBI‐1942280", "DE‐SC0024386"}
    assert offer["new"] == (
        "Link to the grant “Forecasting ecological change” (National Science Foundation, "
        "award DBI‐1942280); A new grant: U.S. Department of Energy, award DE‐SC0024386"
    )
    # "The forecast trap": Crossref names the number 1942280 with another funder's id (the
    # NSF of China): not the site's NSF grant.
    _suggestion, trap_offer = funding_offer(site["trap"])
    assert [entry["grant"] for entry in trap_offer["awards"]] == [None]


def test_accepting_links_the_paper_in_a_published_revision_and_drafts_the_new_grant(
    sources, site, admin_user, client
):
    run()
    suggestion, _offer = funding_offer(site["transition"])
    revisions = site["nsf"].revisions.count()

    filled = review.accept_enrichment(suggestion, admin_user, ["funding"])

    assert filled.filled == ["funding"]
    nsf = GrantPage.objects.get(pk=site["nsf"].pk)
    assert nsf.revisions.count() == revisions + 1 and not nsf.has_unpublished_changes
    assert [link.paper_id for link in nsf.papers.all()] == [site["transition"].pk]
    new = GrantPage.objects.get(award_number="DE‐SC0024386")
    assert not new.live and new.funder_id == "10.13039/100000015"
    assert new.funder_name == "U.S. Department of Energy"
    draft = new.get_latest_revision_as_object()
    assert [link.paper_id for link in draft.papers.all()] == [site["transition"].pk]

    page = client.get(site["transition"].url).content.decode()
    assert "Supported by <a" in page and "National Science Foundation (DBI-1942280)" in page
    # The draft grant is not shown until an editor publishes it.
    assert "Department of Energy" not in page

    # The next run offers nothing more for that paper: both links are made.
    run()
    assert not Suggestion.objects.filter(
        kind=Suggestion.Kind.ENRICH, status=Suggestion.Status.PENDING, page=site["transition"]
    ).exists()


def test_a_member_cannot_accept_funding_and_an_editor_without_a_funding_page_is_told(
    sources, site, admin_user
):
    from tests.factories import UserFactory

    member = UserFactory(username="member")
    member.groups.add(Group.objects.get(name="Members"))
    run()
    suggestion, _offer = funding_offer(site["transition"])
    with pytest.raises(PermissionDenied):
        review.accept_enrichment(suggestion, member, ["funding"])

    site["funding"].delete()  # the grants with it
    with pytest.raises(review.ReviewProblem, match="no Funding page to add it to"):
        review.accept_enrichment(suggestion, admin_user, ["funding"])
    # Nothing was written.
    assert not GrantPaper.objects.exists()
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.PENDING


def test_open_access_and_institutions_are_kept_and_kept_fresh(sources, site, client):
    run()

    place = OpenAccessLocation.objects.get(page=site["oa"])
    assert (place.url, place.host, place.name, place.licence) == (
        "https://doi.org/10.7717/peerj.4375",
        "publisher",
        "PeerJ",
        "CC BY",
    )
    page = client.get(site["oa"].url).content.decode()
    assert "Free to read: the publisher (PeerJ)</a>, CC BY" in page
    listing = client.get("/publications/?open=1").content.decode()
    assert "The state of OA" in listing and "The forecast trap" not in listing
    assert "Free to read (1)" in client.get("/publications/").content.decode()
    places = set(AuthorInstitution.objects.filter(page=site["oa"]).values_list("name", "country"))
    assert ("Université de Montréal", "CA") in places and (
        "Simon Fraser University",
        "CA",
    ) in places

    # OpenAlex no longer knows an open copy: the link goes.
    closed = json.loads((REAL / "openalex_W2741809807_2026.json").read_text())
    closed["best_oa_location"], closed["open_access"]["is_oa"] = None, False
    Sources.answers["/openalex/works"] = (200, openalex_list(closed).encode())
    run()
    assert not OpenAccessLocation.objects.filter(page=site["oa"]).exists()
    assert "Free to read" not in client.get(site["oa"].url).content.decode()


def report(client, grant, export_format, query=""):
    response = client.get(f"{grant.url}report.{export_format}{query}")
    return response


@pytest.fixture
def funded(site):
    """The NSF grant with two papers, a project and its member."""
    nsf = site["nsf"]
    projects = add_projects_index(site["funding"].get_parent())
    tool = add_project(projects, '=HYPERLINK("x") forecasting toolkit', members=[site["carl"]])
    draft = nsf.get_latest_revision_as_object()
    draft.papers = [GrantPaper(paper=site["transition"]), GrantPaper(paper=site["trap"])]
    from funding.models import GrantProject

    draft.projects = [GrantProject(project=tool)]
    draft.save_revision().publish()
    return GrantPage.objects.get(pk=nsf.pk)


def test_the_grant_page_lists_its_outputs_and_members(client, funded, site):
    html = client.get(funded.url).content.decode()
    tree = HTMLParser(html)
    papers = [
        node.text(strip=True)
        for node in tree.css("#grant-papers ~ ol .pub__title, .pub-list .pub__title")
    ]
    assert any("forecast trap" in text for text in papers)
    assert "Carl Boettiger" in tree.css_first("#grant-people").parent.text()
    assert "forecasting toolkit" in html
    assert "https://doi.org/10.13039/100000001" in html  # the funder's registry page
    add_grant(
        site["funding"],
        "Ecological forecasting, first phase",
        funder_name="Alfred P. Sloan Foundation",
        funder_id="10.13039/100000879",
        award_number="2013‐6‐22",
        start_date=date(2013, 9, 1),
        end_date=date(2016, 8, 31),
        revision=True,
    )
    funding = HTMLParser(client.get("/funding/").content.decode())
    current = funding.css_first("#grants-current").parent.text()
    past = funding.css_first("#grants-past").parent.text()
    assert "Forecasting ecological change" in current and "Sloan" not in current
    assert "Alfred P. Sloan Foundation" in past and "2013–2016" in past
    # The member's profile, CV and JSON Resume list it.
    assert "Forecasting ecological change" in client.get(site["carl"].url).content.decode()
    cv = client.get(site["carl"].url + "cv/").content.decode()
    assert "Grants" in cv and "Forecasting ecological change" in cv and "2020–present" in cv
    resume = json.loads(client.get(site["carl"].url + "cv.resume.json").content)
    assert {
        "title": "Forecasting ecological change",
        "awarder": "National Science Foundation",
    }.items() <= resume["awards"][0].items()


def test_the_report_csv_opens_in_a_spreadsheet_as_written(client, funded, tmp_path):
    response = report(client, funded, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and "\r\n" in body
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == HEADER and all(len(row) == len(HEADER) for row in rows)
    titles = [row[1] for row in rows[1:]]
    assert "The forecast trap" in titles
    # A title a spreadsheet would run as a formula is written as text.
    assert '\'=HYPERLINK("x") forecasting toolkit' in titles

    ssconvert = shutil.which("ssconvert")
    if ssconvert is None:
        import os

        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but Gnumeric's ssconvert is missing")
        pytest.skip("Gnumeric's ssconvert is not installed (apt-get install gnumeric)")
    source, target = tmp_path / "report.csv", tmp_path / "report.html"
    source.write_bytes(response.content)
    subprocess.run(  # noqa: S603 - Debian's Gnumeric on our own file
        [ssconvert, "--export-type=Gnumeric_html:html40", str(source), str(target)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    cells = [
        [cell.text(strip=True) for cell in row.css("td")]
        for row in HTMLParser(target.read_text(encoding="utf-8", errors="replace")).css("tr")
    ]
    assert cells[0] == HEADER  # the byte order mark is no part of the first cell
    assert ["The forecast trap" in row for row in cells].count(True) == 1
    assert any("=HYPERLINK" in " ".join(row) for row in cells)  # kept as text, not run


def test_the_report_in_a_period_and_its_bibtex_read_by_biber(client, funded, tmp_path):
    only_2025 = report(client, funded, "csv", "?from=2025&to=2025").content.decode()
    assert "The transition" in only_2025 and "The forecast trap" not in only_2025
    bib = report(client, funded, "bib", "?from=2022-01-01&to=2022-12-31")
    text = bib.content.decode()
    assert text.count("@") == 1 and "forecast trap" in text
    assert (
        bib["Content-Disposition"]
        == 'attachment; filename="National-Science-Foundation-DBI-1942280-2022-01-01-2022-12-31.bib"'
    )
    assert biber_messages(tmp_path, report(client, funded, "bib").content.decode()) == []


@pytest.mark.parametrize(
    "query", ["?from=next+year", "?to=2024-02-31", "?from=2025&to=2024", "?from=99999", "?from=%00"]
)
def test_a_period_that_is_no_period_is_named_not_a_500(client, funded, query):
    response = report(client, funded, "csv", query)
    assert response.status_code == 400
    assert "The report's period could not be read" in response.content.decode()


def test_period_of_reads_days_and_years():
    assert period_of({"from": "2024", "to": "2024"}) == (date(2024, 1, 1), date(2024, 12, 31), [])
    assert period_of({}) == (None, None, [])


def test_a_funder_id_that_is_none_is_refused_with_a_message(site):
    from django.core.exceptions import ValidationError

    grant = GrantPage(title="X", funder_name="NSF", funder_id="NSF-1", award_number="1")
    with pytest.raises(ValidationError, match="is not a funder id"):
        grant.full_clean()
    grant.funder_id, grant.start_date, grant.end_date = "", date(2024, 1, 1), date(2023, 1, 1)
    with pytest.raises(ValidationError, match="ends before it starts"):
        grant.full_clean()


def test_the_paper_json_ld_names_its_funding(client, funded, site):
    from tests.lab_site.test_structured_data import json_ld_of, problems

    paper = json_ld_of(client, site["trap"].url)[0]
    assert paper["funding"] == [
        {
            "@type": "MonetaryGrant",
            "name": "Forecasting ecological change",
            "funder": {
                "@type": "Organization",
                "name": "National Science Foundation",
                "sameAs": "https://doi.org/10.13039/100000001",
            },
            "identifier": "DBI-1942280",
            "url": funded.get_full_url(),
        }
    ]
    profile = json_ld_of(client, site["carl"].url)[0]
    person = profile.get("mainEntity", profile)
    assert [item["identifier"] for item in person["funding"]] == ["DBI-1942280"]
    grant = json_ld_of(client, funded.url)[0]
    assert grant["@type"] == "MonetaryGrant" and len(grant["fundedItem"]) == 4
    found = []
    for block in (paper, grant, profile):
        found += problems({k: v for k, v in block.items() if k != "@context"}, "here")
    assert not found, found
    assert FundingIndexPage.objects.count() == 1


def test_an_import_offers_the_funding_its_records_name(home_page):
    from io import StringIO

    from django.core.management import call_command

    home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    nsf = add_grant(
        add_funding_index(home_page),
        "Forecasting ecological change",
        funder_name="National Science Foundation",
        funder_id="10.13039/100000001",
        award_number="1942280",
        revision=True,
    )
    out = StringIO()
    call_command(
        "import_doi",
        "--from-file",
        str(REAL / "crossref_list_ecology_boettiger.json"),
        stdout=out,
        stderr=StringIO(),
    )
    assert "20 created" in out.getvalue()
    offers = {
        suggestion.page.doi: suggestion.fills["funding"]
        for suggestion in Suggestion.objects.filter(kind=Suggestion.Kind.ENRICH)
    }
    # Every imported paper whose record names an award is offered it; one named by a
    # funder alone (the Geological Survey, the CSIRO) only where a grant is unnumbered too.
    assert len(offers) == 10
    transition = offers["10.1111/1365-2664.14881"]["awards"]
    assert transition[0]["grant"] == nsf.pk  # "DBI‐1942280" is the site's "1942280"
    assert not GrantPaper.objects.exists()  # nothing is linked until an editor accepts


def test_a_paper_called_report_keeps_its_bibtex_beside_it(client, site):
    paper = add_publication(
        site["index"], "Report", date(2024, 1, 1), authors=("Carl Boettiger",), slug="report"
    )
    assert paper.url.endswith("/report/")
    response = client.get(paper.url.rstrip("/") + ".bib")
    assert response.status_code == 200 and response.content.decode().startswith("@")
    assert client.get("/publications/report.csv").status_code == 404
