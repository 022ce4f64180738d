"""Discovery's parsers on answers ORCID, OpenAlex, arXiv and Crossref really sent, recorded
by others (tests/files/discovery/real/, sources in its SOURCES file): each answer parses,
whatever cannot become a record is named with its reason, and each field the site uses is
the answer's own (a table of values read off the answers, and a check of every record
against its raw entry)."""

import html
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from discovery.models import DiscoveryRun, Suggestion
from publications.importers import ImportProblem, arxiv, crossref, openalex, orcid
from tests.publications.recorded_sources import Sources

REAL = Path(__file__).resolve().parents[1] / "files" / "discovery" / "real"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def parsed(name):
    """(records, problems) of the recording ``name``, read as discovery reads its service."""
    path = REAL / name
    if name.startswith("orcid_"):
        return orcid.parse_works(json.loads(path.read_text()), "The iD's owner")
    if name.startswith("openalex_list"):
        return openalex.parse_works(json.loads(path.read_text()))[:2]
    if name.startswith("openalex_"):
        return [openalex.parse_work(json.loads(path.read_text()))], []
    if name.startswith("crossref_list"):
        return crossref.parse_works_of(json.loads(path.read_text()))[:2]
    if name.startswith("crossref_"):
        return crossref.parse(json.loads(path.read_text())), []
    return arxiv.parse_atom(path.read_text()), []


# recording → (records, {publication type or other output: count}, [problem, …])
EXPECTED = {
    # 111 ORCID groups: 97 works with a date (62 "other" and 15 data sets from figshare and
    # Zenodo, set apart from the 20 papers), 14 without any.
    "orcid_0000-0003-1444-9135_works.json": (
        97,
        {"journal": 20, "other": 62, "dataset": 15},
        ["ORCID gives no publication date"] * 14,
    ),
    # Four works dated with month "00" (year known) are read with the year only.
    "orcid_0000-0001-8607-8025_works.json": (
        60,
        {"journal": 49, "other": 7, "report": 2, "dataset": 1, "poster": 1},
        ["ORCID gives no publication date"] * 14,
    ),
    "orcid_0000-0002-9341-7985_works.json": (8, {"journal": 6, "conference": 2}, []),
    "openalex_W2099326003.json": (1, {"journal": 1}, []),
    "openalex_W3123223998.json": (1, {"journal": 1}, []),
    "openalex_W2105705711.json": (1, {"book_chapter": 1}, []),
    "openalex_W4234549826.json": (1, {"book": 1}, []),
    "openalex_W2257674859.json": (1, {"thesis": 1}, []),
    "openalex_W2962935454.json": (1, {"conference": 1}, []),
    "openalex_W2101234009.json": (1, {"preprint": 1}, []),
    "openalex_W2741809807_2026.json": (1, {"journal": 1}, []),
    # A journal's "Notices", with no author.
    "openalex_list_5_works.json": (4, {"journal": 3, "book_chapter": 1}, ["it has no authors"]),
    "crossref_10.1371_journal.pone.0033693.json": (1, {"journal": 1}, []),
    "crossref_10.1016_j.neurobiolaging.2010.03.024.json": (1, {"journal": 1}, []),
    "crossref_10.1002_jor.1100150407.json": (1, {"journal": 1}, []),
    "crossref_10.1038_srep16696.json": (1, {"journal": 1}, []),
    "crossref_10.3892_ijo_00000353.json": (1, {"journal": 1}, []),
    "crossref_list_ecology_boettiger.json": (20, {"journal": 17, "preprint": 2, "dataset": 1}, []),
    # Reference works without authors (a dictionary entry, a Springer reference).
    "crossref_list_widget_cursor.json": (
        16,
        {"book_chapter": 10, "conference": 1, "dataset": 3, "journal": 1, "other": 1},
        ["Crossref lists no authors"] * 4,
    ),
    "arxiv_query_testing_100.xml": (100, {"preprint": 100}, []),
    "arxiv_1707.08567.xml": (1, {"preprint": 1}, []),
    "arxiv_2104.12255v1.xml": (1, {"preprint": 1}, []),
    "arxiv_astro-ph_0601001.xml": (1, {"preprint": 1}, []),
    "arxiv_0000.0000.xml": (0, {}, []),
    "arxiv_author_feed.atom2": (9, {"preprint": 9}, []),
    # An organisation as the author; three reports that name no author at all.
    "crossref_list_reports.json": (17, {"report": 17}, ["Crossref lists no authors"] * 3),
    "arxiv_docs_all_electron.xml": (1, {"preprint": 1}, []),
}


def test_every_recording_is_in_the_table():
    recordings = {
        path.name for path in REAL.iterdir() if path.suffix in {".json", ".xml", ".atom2"}
    }
    refused = {"crossref_10.1109_icdcsw.2003.1203662.json", "arxiv_error_abc.xml"}
    # Where alumni are now (tests/discovery/test_positions.py).
    employments = {
        "orcid_0000-0002-1825-0097_employments.json",
        "orcid_0000-0000-0000-0000_employments.json",
    }
    assert recordings == set(EXPECTED) | refused | employments


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_recording_parses_and_names_what_it_cannot_read(name):
    count, kinds, problems = EXPECTED[name]

    records, found_problems = parsed(name)

    assert len(records) == count
    assert Counter(record.output or record.publication_type for record in records) == kinds
    assert len(found_problems) == len(problems)
    for problem, reason in zip(sorted(found_problems), sorted(problems), strict=True):
        assert reason in problem


def test_an_answer_that_is_no_work_is_a_message_naming_it():
    with pytest.raises(ImportProblem, match="10.1109/icdcsw.2003.1203662: Crossref gives no "):
        parsed("crossref_10.1109_icdcsw.2003.1203662.json")  # "issued": [[null]], nothing else
    with pytest.raises(ImportProblem, match="arXiv: incorrect id format for abc"):
        parsed("arxiv_error_abc.xml")


# (recording, the work's id in it, {field: value read off the raw answer})
FIELDS = [
    # A group of two copies: Europe PMC's has no journal and a month; Crossref's both.
    (
        "orcid_0000-0001-8607-8025_works.json",
        "28902902",
        {
            "venue": "The Journal of Neuroscience",
            "publication_date": date(2016, 3, 30),
            "date_precision": "day",
            "doi": "10.1523/jneurosci.2511-15.2016",
            "publication_type": "journal",
            "authors": ["The iD's owner"],
            "authors_cut": True,
        },
    ),
    # Month "00": the year is known, the month is not.
    (
        "orcid_0000-0001-8607-8025_works.json",
        "10043957",
        {"publication_date": date(2013, 1, 1), "date_precision": "year", "venue": ""},
    ),
    # figshare items ORCID calls "data-set" and "other" (a grant proposal).
    (
        "orcid_0000-0003-1444-9135_works.json",
        "30091982",
        {"output": "dataset", "doi": "10.6084/M9.FIGSHARE.1112581", "venue": "Figshare"},
    ),
    ("orcid_0000-0003-1444-9135_works.json", "24419158", {"output": "other"}),
    (
        "orcid_0000-0003-1444-9135_works.json",
        "13215478",
        {"venue": "J Ecol", "publication_date": date(2014, 7, 1), "output": ""},
    ),
    # An e-journal's article number stands for its pages.
    (
        "crossref_10.1038_srep16696.json",
        "10.1038/srep16696",
        {
            "pages": "16696",
            "volume": "5",
            "issue": "1",
            "venue": "Scientific Reports",
            "publication_date": date(2015, 11, 19),
        },
    ),
    (
        "openalex_W4234549826.json",
        "W4234549826",
        {
            "title": "Clinical Labor",
            "publication_type": "book",
            "doi": "10.1215/9780822377009",
            "authors": ["Melinda Cooper", "Catherine Waldby"],
        },
    ),
    (
        "arxiv_astro-ph_0601001.xml",
        "astro-ph/0601001",
        {"arxiv_id": "astro-ph/0601001", "venue": "ActaAstron.56:1-50,2006"},
    ),
    ("arxiv_1707.08567.xml", "1707.08567", {"arxiv_category": "cs.IT"}),
    # Organisations as authors, kept whole (never "C. T. Associates").
    (
        "crossref_list_reports.json",
        "10.15554/pci.cta-17",
        {"authors": ["Concrete Technology Associates"], "extra": {"whole_names": [0]}},
    ),
    ("arxiv_docs_all_electron.xml", "hep-ex/0307015", {"authors": ["H1 Collaboration"]}),
    ("arxiv_2104.12255v1.xml", "2104.12255", {"title": "0", "arxiv_id": "2104.12255"}),
    # The author feed names every author in one <author>, joined by ", ".
    (
        "arxiv_author_feed.atom2",
        "2405.13786",
        {
            "authors": ["Aurora Ramírez", "Mario Berrios", "José Raúl Romero", "Robert Feldt"],
            "doi": "10.1109/ICSTW58534.2023.00023",
        },
    ),
]


@pytest.mark.parametrize(("name", "work", "fields"), FIELDS)
def test_fields_are_the_answers_own(name, work, fields):
    records, _problems = parsed(name)
    record = next(record for record in records if record.extra["source_id"] == work)
    found = {field: getattr(record, field) for field in fields}
    if "extra" in fields:  # only the keys the table names
        found["extra"] = {key: record.extra.get(key) for key in fields["extra"]}
    assert found == fields


def raw_entries(name):
    """{work id: (title, DOI, year, number of authors)} read straight off the answer."""
    path = REAL / name
    if name.startswith("crossref_"):
        data = json.loads(path.read_text())["message"]
        items = data.get("items", [data])
        return {
            item["DOI"]: (
                # JATS and HTML in titles (<scp>T</scp>reebase, &amp;) read as text.
                " ".join(html.unescape(re.sub(r"<[^>]+>", "", item["title"][0])).split()),
                item["DOI"],
                next(
                    (
                        item[key]["date-parts"][0][0]
                        for key in ("issued", "published", "published-print", "published-online")
                        if item.get(key, {}).get("date-parts", [[None]])[0][0]
                    ),
                    None,
                ),
                len(item.get("author", [])),
                " ".join(
                    html.unescape(
                        re.sub(r"<[^>]+>", "", (item.get("container-title") or [""])[0])
                    ).split()
                ),
            )
            for item in items
        }
    if name.startswith("openalex_"):
        data = json.loads(path.read_text())
        return {
            work["id"].rsplit("/", 1)[1]: (
                " ".join(work["display_name"].split()),
                (work["doi"] or "").removeprefix("https://doi.org/"),
                work["publication_year"],
                len(work["authorships"]),
                # The journal, conference or publisher's platform; a repository is no venue.
                ""
                if not (work["primary_location"] or {}).get("source")
                or work["primary_location"]["source"]["type"] == "repository"
                else " ".join(work["primary_location"]["source"]["display_name"].split()),
            )
            for work in data.get("results", [data])
        }
    if name.startswith("arxiv_"):
        entries = {}
        for entry in ET.parse(path).getroot().findall(f"{ATOM}entry"):  # noqa: S314 - a fixture
            names = [
                name
                for author in entry.findall(f"{ATOM}author")
                for name in author.find(f"{ATOM}name").text.split(", ")
            ]
            doi = entry.find(f"{ARXIV}doi")
            reference = entry.find(f"{ARXIV}journal_ref")
            work = re.sub(r"v\d+$", "", entry.find(f"{ATOM}id").text.rsplit("/abs/", 1)[1])
            entries[work] = (
                " ".join(entry.find(f"{ATOM}title").text.split()),
                doi.text if doi is not None else "",
                int(entry.find(f"{ATOM}published").text[:4]),
                len(names),
                " ".join(reference.text.split()) if reference is not None else "",
            )
        return entries
    if name.startswith("orcid_"):
        groups = json.loads(path.read_text())["group"]
        entries = {}
        for group in groups:
            summaries = group["work-summary"]
            dois = [
                item["external-id-value"]
                for holder in [group, *summaries]
                for item in (holder.get("external-ids") or {}).get("external-id") or []
                if item["external-id-type"] == "doi"
            ]
            # The year of the most precise date among the copies (the first of those).
            dates = [
                [
                    part["value"]
                    for part in (date_.get("year"), date_.get("month"), date_.get("day"))
                    if part and part["value"] != "00"
                ]
                for date_ in (s.get("publication-date") for s in summaries)
                if date_
            ]
            best = max(dates, key=len, default=None)
            venues = [s["journal-title"]["value"] for s in summaries if s.get("journal-title")]
            entries[str(summaries[0]["put-code"])] = (
                " ".join(summaries[0]["title"]["title"]["value"].split()),
                dois[0] if dois else "",
                int(best[0]) if best else None,
                1,  # ORCID names the record's owner only
                " ".join(venues[0].split()) if venues else "",
            )
        return entries
    return None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_record_keeps_the_answers_title_doi_year_authors_and_venue(name):
    records, _problems = parsed(name)
    raw = raw_entries(name)
    for record in records:
        title, doi, year, authors, venue = raw[record.extra["source_id"]]
        assert (
            record.title,
            record.doi.lower(),
            record.publication_date.year,
            len(record.authors),
            record.venue,
        ) == (title, doi.lower(), year, authors, venue[:200]), record.source


@pytest.fixture
def three_researchers(home_page):
    """A list and three members with the ORCID iDs of the recorded works lists."""
    from people.models import PeopleIndexPage
    from publications.models import PublicationIndexPage
    from tests.factories import add_member

    home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    members = {}
    for name, orcid_id in [
        ("Scott Chamberlain", "0000-0003-1444-9135"),
        ("Julie Researcher", "0000-0001-8607-8025"),
        ("Lee Scholar", "0000-0002-9341-7985"),
    ]:
        member = add_member(people, name)
        member.orcid = f"https://orcid.org/{orcid_id}"
        member.save()
        members[orcid_id] = member
    return members


@pytest.mark.django_db
def test_a_run_over_real_orcid_records_suggests_the_papers_and_sets_the_rest_apart(
    sources, three_researchers
):
    call_command("discover_publications", "--source", "orcid", stdout=StringIO(), stderr=StringIO())

    suggestions = Suggestion.objects.filter(kind=Suggestion.Kind.NEW)
    papers = suggestions.filter(output="")
    others = suggestions.exclude(output="")
    # The 79 papers with a date (20 + 49 + 2 + 8), two of them found twice: as a bioRxiv
    # preprint and as its journal version (title, first author, a year apart).
    assert papers.count() == 79 - 2
    joined = {s.doi: sorted(item["id"] for item in s.sources) for s in papers if len(s.sources) > 1}
    assert joined == {
        "10.1186/2047-217X-3-3": ["12746004", "22754266"],  # GigaScience ← bioRxiv
        "10.1523/jneurosci.2511-15.2016": ["21557929", "28902902"],  # J Neurosci ← bioRxiv
    }
    # Two versions with two DOIs stay two works (F1000 v1 and v2).
    assert suggestions.filter(doi__istartswith="10.12688/f1000research.2-191.").count() == 2
    # Data sets, figshare items, a conference abstract: listed apart, never as papers.
    assert Counter(others.values_list("output", flat=True)) == {
        "other": 62 + 7,
        "dataset": 15 + 1,
        "poster": 1,
    }
    # Distinct DOIs stay distinct works: the six versions of one figshare item are six.
    conditionality = suggestions.filter(title="Conditionality data")
    assert len(set(conditionality.values_list("doi", flat=True))) == conditionality.count() == 6
    # The grouped copy's journal title; the "00" month's year.
    jneurosci = suggestions.get(doi="10.1523/jneurosci.2511-15.2016")
    assert jneurosci.record["venue"] == "The Journal of Neuroscience"
    peristaltic = suggestions.get(doi="10.3389/fncom.2013.00024")
    assert (peristaltic.record["publication_date"], peristaltic.record["date_precision"]) == (
        "2013-01-01",
        "year",
    )
    # What could not be read is named in the run, with its reason.
    run = DiscoveryRun.objects.latest("started_at")
    assert run.counts == {"new": 77 + 86}
    skipped = run.sources["ORCID"]["skipped"]
    assert len(skipped) == 28 and all("ORCID gives no publication date" in s for s in skipped)
    # The one undated work with a DOI was asked of Crossref, which has no answer recorded.
    (asked,) = [line for line in skipped if "by its DOI" in line]
    assert "ORCID work 14186428" in asked and "10.1523/JNEUROSCI.2767-14.2014" in asked
    assert any(
        path.endswith("10.1523%2FJNEUROSCI.2767-14.2014") for path, _agent in Sources.requests
    )
    # A second run finds every work again and adds nothing.
    call_command("discover_publications", "--source", "orcid", stdout=StringIO(), stderr=StringIO())
    assert Suggestion.objects.filter(kind=Suggestion.Kind.NEW).count() == 77 + 86
    assert DiscoveryRun.objects.latest("started_at").counts == {"updated": 77 + 86}


@pytest.mark.django_db
def test_a_work_orcid_does_not_date_is_dated_by_crossref_through_its_doi(
    sources, three_researchers
):
    """ORCID lists Cutts and Eglen's J Neurosci paper with its DOI and no date. Here its DOI
    is one Crossref's recording answers (Scientific Reports, 2015-11-23): the work is
    suggested with Crossref's date, not listed as undated."""
    answer = json.loads((REAL / "orcid_0000-0001-8607-8025_works.json").read_text())
    (group,) = [
        group for group in answer["group"] if group["work-summary"][0]["put-code"] == 14186428
    ]
    for holder in [group, *group["work-summary"]]:
        holder["external-ids"]["external-id"][0]["external-id-value"] = "10.1038/srep16696"
    Sources.answers["/orcid/0000-0001-8607-8025/works"] = (200, json.dumps(answer).encode())
    crossref_answer = json.loads((REAL / "crossref_10.1038_srep16696.json").read_text())
    issued = crossref_answer["message"]["issued"]["date-parts"][0]

    call_command(
        "discover_publications",
        "--member",
        three_researchers["0000-0001-8607-8025"].slug,
        "--source",
        "orcid",
        stdout=StringIO(),
        stderr=StringIO(),
    )

    suggestion = Suggestion.objects.get(doi__iexact="10.1038/srep16696")
    assert suggestion.record["publication_date"] == date(*issued).isoformat()
    assert suggestion.record["date_precision"] == "day"
    run = DiscoveryRun.objects.latest("started_at")
    assert not [line for line in run.sources["ORCID"]["skipped"] if "14186428" in line]


@pytest.mark.django_db
def test_the_queue_lists_papers_and_shows_the_other_outputs_apart(
    sources, three_researchers, admin_client
):
    call_command("discover_publications", "--source", "orcid", stdout=StringIO(), stderr=StringIO())
    url = reverse("publications_suggestions")

    papers = admin_client.get(url).content.decode()
    assert (
        "86 works that are not papers (data sets, software, reviews…) are listed apart." in papers
    )
    assert "Not a paper" not in papers
    assert "works=outputs" in papers

    apart = admin_client.get(url, {"works": "outputs"}).content.decode()
    assert "Not a paper (data set): add it as a paper" in apart
    assert "Not a paper (other output): add it as a paper" in apart
    assert "<td>New paper</td>" not in apart and "<td>New paper</td>" in papers


def test_a_paper_only_arxiv_knows_keeps_its_journal_reference():
    """Where the authors told arXiv it was published, and no other source knows that
    version, the suggestion keeps it as the venue (arXiv's author feed)."""
    from discovery import discover

    records, _problems = parsed("arxiv_author_feed.atom2")
    works = discover.group([discover.Found(record, "arXiv", None, "test") for record in records])

    by_id = {work.record.arxiv_id: work.record for work in works}
    assert by_id["2405.13786"].venue == (
        "Proc. 2023 IEEE International Conference on Software Testing, Verification and "
        "Validation Workshops (ICSTW), pp. 66-69"
    )
    assert by_id["2405.13786"].publication_type == "preprint"
    assert by_id["1808.05353"].venue == ""  # no journal reference
    assert len(by_id["1808.05353"].authors) == 7


@pytest.mark.django_db
def test_papers_from_outside_a_members_time_in_the_group_are_set_apart_with_the_reason(
    sources, three_researchers, admin_client, settings
):
    """Scott Chamberlain's 20 recorded papers (2007–2018), with him in the group from
    January 2012 to June 2016 and a grace of 12 months for papers in the pipeline."""
    settings.DISCOVERY_GRACE_MONTHS = 12
    scott = three_researchers["0000-0003-1444-9135"]
    scott.start_date, scott.end_date = date(2012, 1, 1), date(2016, 6, 30)
    scott.save()

    call_command("discover_publications", "--source", "orcid", stdout=StringIO(), stderr=StringIO())

    his = Suggestion.objects.filter(members__member=scott, output="")
    outside = his.exclude(outside_membership="")
    # 2007–2011: 10 papers before he joined; 2018: 2 after his grace ended.
    assert (his.count(), outside.count()) == (20, 12)
    assert his.get(doi="10.1890/07-1139.1").outside_membership == (
        "published 2008, before Scott Chamberlain joined in 2012"
    )
    assert {s.outside_membership for s in outside if s.record["publication_date"] >= "2018"} == {
        "published 2018, after Scott Chamberlain left in 2016"
    }
    # Published in March 2017, within the 12 months after he left.
    assert his.get(doi="10.21105/joss.00194").outside_membership == ""
    # The others have no dates: every paper of theirs is in their time.
    assert not Suggestion.objects.exclude(members__member=scott).exclude(outside_membership="")

    url = reverse("publications_suggestions")
    queue = admin_client.get(url).content.decode()
    assert "12 papers published before their members joined the group or after they left" in queue
    apart = admin_client.get(url, {"works": "outside"}).content.decode()
    assert "New paper, though published 2008, before Scott Chamberlain joined in 2012" in apart


def test_crossref_joins_an_article_and_its_preprint_by_their_relation():
    """In Crossref's list answer, the Ecology and Evolution article says "has-preprint"
    10.1101/014852, which the same answer holds: one work, the article's."""
    from discovery import discover

    records, _problems = parsed("crossref_list_ecology_boettiger.json")
    works = discover.group([discover.Found(record, "Crossref", None, "test") for record in records])

    article = next(work for work in works if work.record.doi == "10.1002/ece3.2314")
    assert sorted(item.record.doi for item in article.found) == [
        "10.1002/ece3.2314",
        "10.1101/014852",
    ]
    assert (article.record.publication_type, article.record.venue) == (
        "journal",
        "Ecology and Evolution",
    )
    assert len(works) == len(records) - 1


def test_openalex_names_a_works_other_versions_by_their_locations_doi():
    """OpenAlex clusters a work's versions into one work whose ``doi`` is the published
    version's; the others are locations whose landing page is their DOI (its docs' location
    object). Here the real American Economic Review article W3123223998, whose NBER working
    paper is one of its locations, with that location given as a DOI landing page: the
    working paper Crossref lists (10.3386/w14448 of the real reports list) joins it."""
    from discovery import discover

    work = json.loads((REAL / "openalex_W3123223998.json").read_text())
    assert discover.normalised(openalex.parse_work(work)).extra.get("versions") is None
    work["locations"].append(
        {
            "landing_page_url": "https://doi.org/10.3386/W14448",
            "version": "submittedVersion",
            "source": {"type": "repository", "display_name": "NBER"},
        }
    )
    # The work's own DOI as a location, and arXiv's DataCite DOI, are not other versions.
    work["locations"].append({"landing_page_url": "https://doi.org/10.1257/0002828042002561"})
    work["locations"].append({"landing_page_url": "https://doi.org/10.48550/arXiv.1201.0490"})
    article = openalex.parse_work(work)
    assert article.extra["versions"] == ["10.3386/w14448"]

    reports, _problems = parsed("crossref_list_reports.json")
    (working_paper,) = [record for record in reports if record.doi.lower() == "10.3386/w14448"]
    works = discover.group(
        [
            discover.Found(discover.normalised(article), "OpenAlex", None, "test"),
            discover.Found(discover.normalised(working_paper), "Crossref", None, "test"),
        ]
    )
    assert len(works) == 1
    assert works[0].record.doi == "10.1257/0002828042002561"


@pytest.mark.django_db
def test_the_published_version_of_a_preprint_on_the_site_fills_it_in(
    sources, home_page, admin_user
):
    """The bioRxiv preprint is on the site; Crossref's answer brings its journal version:
    an enrichment of that paper (type, venue, DOI, date, volume, pages), never a new paper."""
    from discovery import review
    from people.models import PeopleIndexPage
    from publications.models import PublicationIndexPage, PublicationPage
    from tests.factories import add_member, add_publication

    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    carl = add_member(people, "Carl Boettiger")
    carl.orcid = "https://orcid.org/0000-0002-1642-628X"
    carl.save()
    preprint = add_publication(
        index,
        "After the games are over: life-history trade-offs drive dispersal attenuation "
        "following range expansion",
        date(2015, 1, 30),
        authors=["T. Alex Perkins", "Carl Boettiger", "Benjamin L. Phillips"],
        doi="10.1101/014852",
        publication_type="preprint",
    )
    Sources.answers["/crossref/works"] = (
        200,
        (REAL / "crossref_list_ecology_boettiger.json").read_bytes(),
    )

    call_command(
        "discover_publications", "--source", "crossref", stdout=StringIO(), stderr=StringIO()
    )

    suggestion = Suggestion.objects.get(page=preprint)
    assert suggestion.kind == Suggestion.Kind.ENRICH
    assert not Suggestion.objects.filter(doi__in=["10.1002/ece3.2314", "10.1101/014852"])
    fills = suggestion.fills
    assert fills["publication_type"] == {"old": "preprint", "new": "journal"}
    assert fills["venue"] == {"old": "", "new": "Ecology and Evolution"}
    assert (fills["doi"]["old"], fills["doi"]["new"]) == ("10.1101/014852", "10.1002/ece3.2314")
    assert fills["publication_date"]["new"] == "2016-08-18"

    review.accept_enrichment(suggestion, admin_user, list(fills))

    paper = PublicationPage.objects.get(pk=preprint.pk)
    assert (paper.doi, paper.publication_type, paper.venue, paper.publication_date) == (
        "10.1002/ece3.2314",
        "journal",
        "Ecology and Evolution",
        date(2016, 8, 18),
    )


@pytest.mark.django_db
def test_an_author_list_cut_short_on_the_site_is_completed_from_the_author_feed(
    sources, home_page, admin_user
):
    """A paper on the site lists its first two authors "et al."; arXiv's author feed (one
    <author> naming all seven) completes it, and the member among them is linked."""
    from discovery import review
    from people.models import PeopleIndexPage
    from publications.models import PublicationIndexPage, PublicationPage
    from tests.factories import add_member, add_publication

    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    manish = add_member(people, "Manish Ahuja", arxiv_author_id="an_author_1")
    sanjay = add_member(people, "Sanjay Podder")
    paper = add_publication(
        index,
        "Identifying Implementation Bugs in Machine Learning based Image Classifiers using "
        "Metamorphic Testing",
        date(2018, 8, 16),
        authors=["Anurag Dwarakanath", "Manish Ahuja"],
        members={"Manish Ahuja": manish},
        authors_cut=True,
        doi="10.1145/3213846.3213858",
        publication_type="conference",
        venue="ISSTA 2018",
    )
    Sources.answers["/arxiv/a/an_author_1.atom2"] = (
        200,
        (REAL / "arxiv_author_feed.atom2").read_bytes(),
    )

    call_command("discover_publications", "--source", "arxiv", stdout=StringIO(), stderr=StringIO())

    suggestion = Suggestion.objects.get(page=paper)
    assert suggestion.fills["authors"]["old"] == "Anurag Dwarakanath, Manish Ahuja et al."
    assert suggestion.fills["authors"]["names"][-1] == "Sanjay Podder"
    review.accept_enrichment(suggestion, admin_user, ["authors"])

    paper = PublicationPage.objects.get(pk=paper.pk)
    authors = list(paper.authors.order_by("sort_order"))
    assert [author.name for author in authors][-2:] == ["Neville Dubash", "Sanjay Podder"]
    assert len(authors) == 7 and not paper.authors_cut
    assert {author.member for author in authors} - {None} == {manish, sanjay}
    # The eight other papers of the feed are new suggestions, each with all its authors.
    new = Suggestion.objects.filter(kind=Suggestion.Kind.NEW)
    assert new.count() == 8
    assert all(len(s.record["authors"]) > 1 for s in new)


@pytest.mark.django_db
def test_a_run_over_a_real_record_suggests_each_work_as_the_record_lists_it(
    sources, three_researchers
):
    """The eight works on ORCID record 0000-0002-9341-7985, one by one: what lands in the
    queue, with its type, date (year only where ORCID gives no month) and DOI."""
    lee = three_researchers["0000-0002-9341-7985"]
    call_command(
        "discover_publications",
        "--source",
        "orcid",
        "--member",
        lee.slug,
        stdout=StringIO(),
        stderr=StringIO(),
    )

    landed = sorted(
        (
            s.record["publication_date"],
            s.record["publication_type"],
            s.doi,
            s.title[:30],
            [m.member.title for m in s.members.all()],
        )
        for s in Suggestion.objects.all()
    )
    only_lee = ["Lee Scholar"]
    assert landed == [
        ("1992-01-01", "journal", "", "Modern developments in hologra", only_lee),
        ("1993-01-01", "conference", "", "Image quality factors affectin", only_lee),
        ("1993-01-01", "journal", "", "Reciprocity failure in continu", only_lee),
        (
            "2008-01-01",
            "journal",
            "10.1080/03615260801973414",
            "Publishing 101: The basics of ",
            only_lee,
        ),
        (
            "2008-01-01",
            "journal",
            "10.1080/03615260801973992",
            "Academic journal publishing",
            only_lee,
        ),
        ("2009-01-01", "conference", "", "PLoS ONE: Background, future d", only_lee),
        (
            "2009-01-21",
            "journal",
            "10.1038/npre.2009.2801",
            "Reputation, authority and ince",
            only_lee,
        ),
        ("2013-01-01", "journal", "10.3233/ISU-130714", "PeerJ - A case study in improv", only_lee),
    ]


def test_edge_cases_of_real_entries():
    """Real entries changed where the services are known to vary: arXiv's <arxiv:doi>
    with two DOIs (a paper and its erratum), an OpenAlex work with its year only."""
    feed = (REAL / "arxiv_docs_all_electron.xml").read_text()
    two_dois = feed.replace(
        "<arxiv:comment",
        '<arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1140/epjc/s2003-01326-x '
        "10.1140/epjc/s2004-01650-6</arxiv:doi><arxiv:comment",
        1,
    )
    assert arxiv.parse_atom(two_dois)[0].doi == "10.1140/epjc/s2003-01326-x"

    work = json.loads((REAL / "openalex_W2099326003.json").read_text())
    work["publication_date"] = None
    record = openalex.parse_work(work)
    assert (record.publication_date, record.date_precision) == (date(1982, 1, 1), "year")
    work["publication_year"] = None
    with pytest.raises(ImportProblem, match="W2099326003: OpenAlex gives no publication date"):
        openalex.parse_work(work)


def test_orcid_ids_of_the_container_and_works_without_a_type():
    """Real ORCID works changed as other records have them: a DOI "part-of" (a book's, for
    its chapter) is not the work's DOI; a work no copy gives a type is a paper."""
    data = json.loads((REAL / "orcid_0000-0002-9341-7985_works.json").read_text())
    group = data["group"][0]
    summary = group["work-summary"][0]
    container = {
        "external-id-type": "doi",
        "external-id-value": "10.1000/the-book",
        "external-id-relationship": "part-of",
    }
    summary["external-ids"]["external-id"].insert(0, container)
    group["external-ids"]["external-id"].insert(0, container)
    summary["type"] = None
    record = orcid.parse_works({"group": [group]}, "Lee Scholar")[0][0]
    assert record.doi == "10.3233/ISU-130714"
    assert (record.publication_type, record.output) == ("journal", "")


def test_crossref_relations_and_types_as_others_write_them():
    """A real Crossref work changed where saved or other answers differ: a relation that is
    no record is left aside, a version related by DOI is kept, a work saved without its
    type is a paper."""
    message = json.loads((REAL / "crossref_10.1038_srep16696.json").read_text())["message"]
    message["relation"] = {
        "has-preprint": ["10.1101/not-a-record", {"id-type": "doi", "id": "10.1101/2015.1"}],
        "is-version-of": [{"id-type": "uri", "id": "https://example.org/v1"}],
    }
    del message["type"]
    record = crossref.parse_work(message)
    assert record.extra["versions"] == ["10.1101/2015.1"]
    assert (record.publication_type, record.output) == ("journal", "")
