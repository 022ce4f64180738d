"""The JSON-LD of every kind of page, checked against schema.org's own vocabulary (its
release file, tests/files/schemaorg/SOURCES) and the properties Google's rich results
require and recommend for the types it reads.

Every node's type is a schema.org type; every property is one schema.org defines for
that type (or a type it is a kind of) and is not superseded; a value that is a typed
node is of a type the property's range admits."""

import functools
import gzip
import json
import re
from pathlib import Path

import pytest
from wagtail.images.models import Image
from wagtail.models import Page

from demo.fake_content import generate
from lab_site.models import SiteSettings

VOCABULARY = Path(__file__).parents[1] / "files" / "schemaorg" / "schemaorg-current-https.jsonld.gz"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)

# Google Search Central's structured-data guides: (required, recommended) properties of
# the types it reads. What the site cannot know is left out, named: an event's ticket
# price (offers), a post's salary (baseSalary), a remote post's fields.
GOOGLE = {
    "NewsArticle": ((), ("author", "dateModified", "datePublished", "headline", "image")),
    "Event": (
        ("location", "name", "startDate"),
        (
            "description",
            "endDate",
            "eventAttendanceMode",
            "eventStatus",
            "image",
            "organizer",
            "performer",
        ),
    ),
    "JobPosting": (
        ("datePosted", "description", "hiringOrganization", "jobLocation", "title"),
        ("directApply", "employmentType", "identifier", "validThrough"),
    ),
    "Dataset": (("description", "name"), ("creator", "license", "url")),
    "ItemList": (("itemListElement",), ()),
    "ListItem": (("position", "url"), ()),
    "PostalAddress": ((), ("streetAddress",)),
    "ProfilePage": (("mainEntity",), ()),
}
# An ISO 8601 date-time with its offset from UTC, as Google asks of validThrough.
WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


def _ids(value):
    values = value if isinstance(value, list) else [value] if value else []
    return [item["@id"].removeprefix("schema:") for item in values]


@functools.cache
def vocabulary():
    """(parents of each type, domains of each property, ranges of each property,
    superseded terms), read from schema.org's release file."""
    with gzip.open(VOCABULARY, "rt", encoding="utf-8") as handle:
        graph = json.load(handle)["@graph"]
    parents, domains, ranges, superseded = {}, {}, {}, set()
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in kinds:
            parents[name] = _ids(node.get("rdfs:subClassOf"))
        elif "rdf:Property" in kinds:
            domains[name] = set(_ids(node.get("schema:domainIncludes")))
            ranges[name] = set(_ids(node.get("schema:rangeIncludes")))
        if "schema:supersededBy" in node:
            superseded.add(name)
    return parents, domains, ranges, superseded


def kinds_of(name):
    """The type and every type it is a kind of."""
    parents = vocabulary()[0]
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, []))
    return seen


def problems(node, where):
    """What schema.org's vocabulary and Google's rules find wrong in ``node``."""
    parents, domains, ranges, superseded = vocabulary()
    found = []
    if isinstance(node, list):
        for item in node:
            found += problems(item, where)
        return found
    if not isinstance(node, dict):
        return found
    kind = node.get("@type")
    if kind not in parents:
        return [f"{where}: {kind!r} is not a schema.org type"]
    kinds = kinds_of(kind)
    for name, value in node.items():
        if name.startswith("@"):
            continue
        here = f"{where} {kind}.{name}"
        # schema.org's actions annotate a property's input ("query-input" of query).
        name = re.sub(r"-(input|output)$", "", name)
        if name not in domains:
            found.append(f"{here}: schema.org has no such property")
            continue
        if not domains[name] & kinds:
            found.append(f"{here}: not a property of {kind} (it is of {sorted(domains[name])})")
        if name in superseded:
            found.append(f"{here}: superseded in schema.org")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "@type" in item:
                if item["@type"] in parents and not ranges[name] & kinds_of(item["@type"]):
                    found.append(f"{here}: a {item['@type']} where {sorted(ranges[name])} go")
                found += problems(item, here)
    required, recommended = GOOGLE.get(kind, ((), ()))
    for name in required:
        if name not in node:
            found.append(f"{where} {kind}: Google requires {name}")
    for name in recommended:
        if name not in node:
            found.append(f"{where} {kind}: Google recommends {name}")
    if kind == "JobPosting" and not WITH_OFFSET.match(node.get("validThrough", "")):
        found.append(f"{where} JobPosting.validThrough: a date-time with its UTC offset")
    return found


def json_ld_of(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return [json.loads(block) for block in SCRIPT.findall(response.content.decode())]


def test_the_vocabulary_check_finds_what_schema_org_does_not_define():
    """The check itself, on data schema.org's vocabulary refuses: the earlier
    ResearchProject with a licence and citations, a Person as an event's location."""
    project = {
        "@type": "ResearchProject",
        "name": "P",
        "license": "https://spdx.org/licenses/MIT.html",
        "citation": [{"@type": "ScholarlyArticle", "name": "A"}],
        "member": [{"@type": "Person", "name": "B"}],
    }
    assert problems(project, "p") == [
        "p ResearchProject.license: not a property of ResearchProject (it is of ['CreativeWork'])",
        "p ResearchProject.citation: not a property of ResearchProject (it is of ['CreativeWork'])",
    ]
    event = {"@type": "Event", "name": "E", "startDate": "2026", "location": {"@type": "Person"}}
    assert (
        "p Event.location: a Person where ['Place', 'PostalAddress', 'Text', 'VirtualLocation'] go"
        in problems(event, "p")
    )
    assert problems({"@type": "Persona"}, "p") == ["p: 'Persona' is not a schema.org type"]


@pytest.mark.django_db
def test_every_kind_of_page_and_list_gives_json_ld_schema_org_and_google_accept(demo_site, client):
    generate(
        news=2,
        events=2,
        projects=3,
        openings=2,
        awards=3,
        courses=2,
        galleries=2,
        grants=2,
        seed=5,
        images=2,
    )
    # The demo's group gives no logo and no address (its seeds have none): a group that
    # does, so that the images and addresses Google asks for are checked.
    settings = SiteSettings.for_site(demo_site.get_site())
    settings.logo = Image.objects.first()
    settings.address = "Building 26, 77 Massachusetts Avenue\nCambridge, MA 02139"
    settings.save()
    addresses, kinds = [], set()
    for page in Page.objects.live().public().specific().order_by("path"):
        if type(page) not in kinds and page.depth > 1:
            kinds.add(type(page))
            addresses.append(page.url)
    # A software project, a dataset and a research project: each its own type.
    from projects.models import ProjectPage

    addresses += [
        ProjectPage.objects.live().filter(kind=kind).first().url
        for kind in ("software", "dataset", "project")
        if ProjectPage.objects.live().filter(kind=kind).exists()
    ]

    # An alumnus with where they are now (jobTitle, worksFor, alumniOf).
    from datetime import date

    from people.models import MemberPage

    alumnus = MemberPage.objects.live().order_by("-path").first()
    alumnus.end_date, alumnus.now_position = date(2022, 6, 30), "Research scientist"
    alumnus.now_organisation, alumnus.now_url = "Example Labs", "https://example.org/"
    alumnus.save_revision().publish()
    addresses.append(alumnus.url)
    worked = json_ld_of(client, alumnus.url)
    assert any(
        block.get("mainEntity", {}).get("worksFor", {}).get("name") == "Example Labs"
        for block in worked
    )

    found, types = [], set()
    for address in addresses:
        blocks = json_ld_of(client, address)
        assert blocks, f"{address} gives no JSON-LD"
        for block in blocks:
            assert block["@context"] == "https://schema.org"
            for node in block.get("@graph", [block]):
                types.add(node["@type"])
                found += problems({k: v for k, v in node.items() if k != "@context"}, address)

    assert not found, "\n".join(found)
    # Each list page is a CollectionPage; each item page its own type.
    assert types >= {
        "CollectionPage",
        "NewsArticle",
        "Event",
        "JobPosting",
        "ScholarlyArticle",
        "ProfilePage",
        "Course",
        "WebPage",
        "ImageGallery",
        "MonetaryGrant",
    }
