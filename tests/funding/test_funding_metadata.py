"""What Crossref and OpenAlex say of a work's funding, open-access location and authors'
institutions, read from real answers (tests/files/discovery/real/, with SOURCES), and
how a work's funding entry meets a grant: by funder id or name, and by award number
however it is written."""

import json
from datetime import date

import pytest

from funding.models import GrantPage, award_label
from publications.importers import crossref, openalex
from publications.importers.funding import (
    award_key,
    crossref_funding,
    funder_key,
    licence_label,
    openalex_funding,
    openalex_institutions,
    openalex_open_access,
    same_award,
)
from tests.publications.recorded_sources import DISCOVERY, REAL


def real(name):
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def test_crossref_funders_with_dois_award_numbers_and_none():
    items = real("crossref_list_ecology_boettiger.json")["message"]["items"]
    funding = [crossref.parse_work(item).extra.get("funding", []) for item in items]
    every = [award for awards in funding for award in awards]
    # Funders named by their Funder Registry DOI, with the awards as Crossref writes them
    # (U+2010 hyphens kept as written; compared by award_key).
    assert {
        "funder_ids": ["10.13039/100000001"],
        "funder": "National Science Foundation",
        "award": "DBI‐1306697",
    } in every
    # A funder with no DOI keeps its name; a funder with no award number is kept once.
    assert {"funder_ids": [], "funder": "XSEDE", "award": "DEB160003"} in every
    assert {
        "funder_ids": ["10.13039/100000203"],
        "funder": "U.S. Geological Survey",
        "award": "",
    } in every
    assert sum(bool(awards) for awards in funding) == 11
    # A work without funders gives none.
    assert (
        "funding"
        not in crossref.parse_work(real("crossref_10.1038_srep16696.json")["message"]).extra
    )


def test_crossref_funder_of_a_single_work():
    record = crossref.parse_work(
        real("crossref_10.1016_j.neurobiolaging.2010.03.024.json")["message"]
    )
    assert record.extra["funding"] == [
        {
            "funder_ids": ["10.13039/501100004085"],
            "funder": "Ministry of Education, Science and Technology",
            "award": "R32-10064",
        },
        {"funder_ids": [], "funder": "Stem Cell Research Center", "award": "SC4170"},
    ]


def test_openalex_open_access_licence_and_institutions_of_a_2026_answer():
    work = real("openalex_W2741809807_2026.json")
    record = openalex.parse_work(work)
    assert record.publication_type == "journal"  # the publisher's type, not OpenAlex's
    assert record.extra["open_access"] == {
        "url": "https://doi.org/10.7717/peerj.4375",
        "host": "publisher",
        "name": "PeerJ",
        "licence": "CC BY",
        "version": "publishedVersion",
    }
    institutions = record.extra["institutions"]
    assert len(institutions) == len(record.authors)
    assert {"name": "Université de Montréal", "ror": "0161xgx34", "country": "CA"} in institutions[
        2
    ]
    assert "funding" not in record.extra  # its `awards` and `funders` are empty


@pytest.mark.parametrize(
    ("name", "url", "host", "where"),
    [
        ("openalex_W2101234009.json", "https://arxiv.org/abs/1201.0490", "repository", "arXiv"),
        (
            "openalex_W2105705711.json",
            "https://resolver.caltech.edu/CaltechAUTHORS:20171129-161418280",
            "repository",
            "CaltechAUTHORS",
        ),
    ],
)
def test_openalex_open_access_in_a_repository(name, url, host, where):
    place = openalex_open_access(real(name))
    assert (place["url"], place["host"], place["name"]) == (url, host, where)


def test_a_closed_work_has_no_open_access_location():
    assert openalex_open_access(real("openalex_W2099326003.json")) is None
    assert (
        openalex_open_access(
            {"best_oa_location": {"is_oa": True, "landing_page_url": "javascript:x"}}
        )
        is None
    )
    assert openalex_open_access("not a work") is None


def test_openalex_funding_in_both_shapes_and_broken_entries():
    shapes = json.loads((DISCOVERY / "openalex_funding_shapes.json").read_text())
    new = openalex_funding(shapes["new_shape"])
    assert new[0] == {
        "funder_ids": ["10.13039/100000001", "openalex:F4320306076", "ror:021nxhr62"],
        "funder": "National Science Foundation",
        "award": "DMR 2243523",
    }
    assert new[1]["funder_ids"] == ["openalex:F4320338335", "ror:0472cxd90"]
    # A funder named without an award is listed once, with no number.
    assert new[2] == {
        "funder_ids": ["openalex:F4320321001"],
        "funder": "Open Philanthropy",
        "award": "",
    }
    old = openalex_funding(shapes["old_shape"])
    # "ABI 1661218" and "ABI-1661218" of the same funder are one award.
    assert [award["award"] for award in old] == ["ABI 1661218", ""]
    assert openalex_funding(shapes["broken"]) == []
    assert crossref_funding({"funder": [None, {"award": "x"}, {"name": "", "DOI": ""}]}) == []


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("10.13039/100000001", "10.13039/100000001"),
        ("https://doi.org/10.13039/100000001", "10.13039/100000001"),
        ("http://dx.doi.org/10.13039/501100000781", "10.13039/501100000781"),
        ("doi:10.13039/100000001", "10.13039/100000001"),
        ("https://ror.org/021nxhr62", "ror:021nxhr62"),
        ("ror.org/021NXHR62/", "ror:021nxhr62"),
        ("021nxhr62", "ror:021nxhr62"),
        ("https://openalex.org/F4320306076", "openalex:F4320306076"),
        ("National Science Foundation", ""),
        ("10.1000/not-a-funder", ""),
        (None, ""),
    ],
)
def test_funder_ids_are_written_one_way(value, key):
    assert funder_key(value) == key


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("DMR-9521353", "DMR 9521353", True),
        ("dmr9521353", "DMR‐9521353", True),  # Crossref's U+2010 hyphen
        ("ＤＭＲ－９５２１３５３", "DMR-9521353", True),  # full-width, as typed in CJK text
        ("1661218", "ABI 1661218", True),  # NSF: a number with or without its programme
        ("ABI-1661218", "1661218", True),
        ("1661218", "DBI-1661219", False),
        ("123", "A123", False),  # too short to mean anything alone
        ("EF-0905606", "NSF #EF‐0905606", True),  # as a real Crossref record writes it
        ("R01 GM123456", "GM123456", False),  # "R01" is no prefix of letters
        ("A1234", "BA1234", False),  # four digits: too few to tell
        ("", "", False),
        ("2013‐6‐22", "2013-6-22", True),
    ],
)
def test_award_numbers_meet_however_written(one, other, same):
    assert same_award(one, other) is same
    assert same_award(other, one) is same


@pytest.mark.django_db
def test_a_grant_matches_by_funder_id_or_by_name_where_there_is_no_id():
    grant = GrantPage(
        title="Foundations",
        funder_name="National Science Foundation",
        funder_id="https://doi.org/10.13039/100000001",
        award_number="DBI-1942280",
    )
    nsf = {"funder_ids": ["10.13039/100000001"], "funder": "NSF", "award": "DBI‐1942280"}
    assert grant.matches(nsf)
    # The same number from another funder is another award.
    assert not grant.matches(nsf | {"funder_ids": ["10.13039/100005825"]})
    # No id on the work's side: the funder's name decides.
    assert grant.matches(
        {"funder_ids": [], "funder": "national  science foundation", "award": "1942280"}
    )
    assert not grant.matches({"funder_ids": [], "funder": "NSF", "award": "1942280"})
    # A numbered grant is no funder-only entry, and the other way round.
    assert not grant.matches(nsf | {"award": ""})
    unnumbered = GrantPage(title="Gift", funder_name="Open Philanthropy", award_number="")
    assert unnumbered.matches({"funder_ids": [], "funder": "Open Philanthropy", "award": ""})
    assert not unnumbered.matches({"funder_ids": [], "funder": "Open Philanthropy", "award": "1"})


def test_labels_and_keys():
    assert award_key(" dbi‐1942280 ") == "DBI1942280"
    assert licence_label("cc-by-nc-nd") == "CC BY-NC-ND"
    assert licence_label("https://openalex.org/licenses/cc-by") == "CC BY"
    assert licence_label("publisher-specific-oa") == ""
    assert licence_label("public-domain") == "public domain"
    assert award_label({"funder": "NSF", "award": "1"}) == "NSF, award 1"
    assert award_label({"funder": "", "funder_ids": ["10.13039/1"], "award": ""}) == "10.13039/1"


@pytest.mark.django_db
def test_period_and_label_of_a_grant():
    grant = GrantPage(funder_name="ERC", award_number="101045402")
    assert grant.label() == "ERC 101045402"
    grant.start_date, grant.end_date = date(2022, 1, 1), date(2026, 12, 31)
    assert grant.period() == "2022–2026"
    grant.end_date = None
    assert grant.period() == "Since 2022"
    assert grant.is_current(date(2030, 1, 1))


def test_institutions_skip_authors_without_names_as_the_author_list_does():
    work = {
        "authorships": [
            {
                "author": {"display_name": "A"},
                "institutions": [{"display_name": "MIT", "country_code": "us"}],
            },
            {"author": {"display_name": ""}, "institutions": [{"display_name": "X"}]},
            {"author": {"display_name": "B"}, "institutions": [None, {"display_name": ""}]},
        ]
    }
    assert openalex_institutions(work) == [[{"name": "MIT", "ror": "", "country": "US"}], []]
