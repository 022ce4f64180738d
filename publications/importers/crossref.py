"""Crossref REST “works” JSON → PublicationRecords."""

import re
import urllib.parse
from datetime import date

from django.conf import settings

from lab_site.text import html_to_text

from ..identifiers import DOI_RE
from . import (
    PRECISIONS,
    ImportProblem,
    PublicationRecord,
    identifiers,
    paper_or_output,
    parse_each,
    parse_leniently,
)
from .funding import crossref_funding
from .http import SourceUnavailable, contact_email, get_json

# Crossref's work types → the site's publication types, or the kind of output that is
# not a paper ("output:…", shown apart by discovery). A type not listed is "other".
TYPES = {
    "journal-article": "journal",
    "proceedings-article": "conference",
    "posted-content": "preprint",
    "book-chapter": "book_chapter",
    "book-section": "book_chapter",
    "book-part": "book_chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "dissertation": "thesis",
    "report": "report",
    "report-component": "report",
    "dataset": "output:dataset",
    "database": "output:dataset",
    "component": "output:figure",
    "peer-review": "output:review",
    "grant": "output:grant",
}
# posted-content that is not a preprint (Crossref's "subtype"): a poster, a slide deck…
PREPRINT_SUBTYPES = {"", "preprint", "working_paper"}


def validate_dois(dois):
    return identifiers(dois, DOI_RE, "DOIs", "A DOI looks like 10.3390/e24060771.")


def markup_to_text(value, source, what):
    """Crossref's JATS or HTML (abstracts, titles, venues) as plain text: tags removed,
    entities such as ``&lt;`` and ``&amp;`` decoded, once, at import."""
    if not isinstance(value, str):
        raise ImportProblem(f"{source}: Crossref gives a {what} that is not text.")
    value = re.sub(r"<jats:title>.*?</jats:title>", " ", value, flags=re.S)
    return html_to_text(value)


def _first_text(message, key, source, what):
    """The first of Crossref's list of texts under ``key`` (titles, venues), as text."""
    values = message.get(key) or []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        raise ImportProblem(f"{source}: Crossref gives a {what} that is not text.")
    return markup_to_text(values[0], source, what) if values else ""


# Where Crossref puts a work's date, most telling first: "issued" is the earliest of the
# print and online dates, but it is sometimes empty ([[null]]) where the others are not.
DATE_FIELDS = ("issued", "published", "published-print", "published-online")


def _date_parts(message):
    for name in DATE_FIELDS:
        value = message.get(name)
        parts = value.get("date-parts") if isinstance(value, dict) else None
        if (
            isinstance(parts, list)
            and parts
            and isinstance(parts[0], list)
            and any(part is not None for part in parts[0])
        ):
            return parts[0]
    return None


def _date(message, source):
    parts = _date_parts(message)
    if parts is None:
        raise ImportProblem(f"{source}: Crossref gives no publication date.")
    numbers = [part for part in parts if part is not None]
    if not numbers or not all(type(part) is int for part in numbers) or len(numbers) > 3:
        raise ImportProblem(f"{source}: Crossref's date {parts!s:.60} is not a date.")
    year, month, day = (numbers + [1, 1])[:3]
    if not 1900 <= year <= 2100:
        raise ImportProblem(f"{source}: the year {year!s:.20} is out of range.")
    try:
        return date(year, month, day), PRECISIONS[len(numbers)]
    except (ValueError, OverflowError) as error:
        raise ImportProblem(f"{source}: the date {year}-{month}-{day} does not exist.") from error


def _author(author, source):
    if not isinstance(author, dict):
        raise ImportProblem(f"{source}: an author is not a name record.")
    parts = [author.get("given") or "", author.get("family") or ""]
    name = " ".join(filter(None, parts)) or author.get("name") or ""
    return markup_to_text(name, source, "author name")


def _orcid(author):
    value = author.get("ORCID") if isinstance(author, dict) else None
    return value.rstrip("/").rsplit("/", 1)[-1].upper() if isinstance(value, str) else ""


def _source(message):
    doi = message.get("DOI") if isinstance(message, dict) else None
    return f"DOI {doi[:100] if isinstance(doi, str) and doi else '(missing)'}"


def parse_work(message):
    source = _source(message)
    title = _first_text(message, "title", source, "title")
    if not title:
        raise ImportProblem(f"{source}: Crossref gives no title.")
    authors = message.get("author") or []
    if not isinstance(authors, list):
        raise ImportProblem(f"{source}: Crossref's author list is not a list.")
    named = [(_author(author, source), _orcid(author), author) for author in authors]
    named = [(name, orcid, author) for name, orcid, author in named if name]
    authors = [name for name, _orcid_id, _author_record in named]
    # An organisation's name comes whole ("name"), a person's in parts (given, family).
    whole_names = [
        number
        for number, (_name, _orcid_id, author) in enumerate(named)
        if not (author.get("given") or author.get("family"))
    ]
    if not authors:
        raise ImportProblem(f"{source}: Crossref lists no authors.")
    doi = message.get("DOI") or ""
    published, precision = _date(message, source)
    kind, output = _kind(message)
    return PublicationRecord(
        title=title,
        authors=authors,
        publication_date=published,
        date_precision=precision,
        publication_type=kind or "journal",
        output=output,
        venue=_first_text(message, "container-title", source, "venue"),
        doi=doi if isinstance(doi, str) else "",
        abstract=markup_to_text(message.get("abstract") or "", source, "abstract"),
        volume=_short(message.get("volume")),
        issue=_short(message.get("issue")),
        # An article number stands for the pages where the journal has none (e-journals).
        pages=(_short(message.get("page")) or _short(message.get("article-number"))).replace(
            "-", "–"
        ),
        publisher=_short(message.get("publisher"), 200)
        if message.get("type") in {"book-chapter", "book"}
        else "",
        source=source,
        extra={
            "author_orcids": [orcid for _name, orcid, _author_record in named],
            "source_id": doi,
            "versions": _versions(message),
        }
        | ({"whole_names": whole_names} if whole_names else {})
        | ({"funding": funding} if (funding := crossref_funding(message)) else {}),
    )


# Crossref's relations between versions of one work: a journal article and its
# preprint (bioRxiv, SSRN…), or two versions of it.
VERSION_RELATIONS = ("has-preprint", "is-preprint-of", "has-version", "is-version-of")


def _versions(message):
    """The DOIs of the other versions of the work, as Crossref relates them (lower case)."""
    relations = message.get("relation") if isinstance(message.get("relation"), dict) else {}
    dois = set()
    for name in VERSION_RELATIONS:
        items = relations.get(name)
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or item.get("id-type") != "doi":
                continue
            match = DOI_RE.match(item["id"]) if isinstance(item.get("id"), str) else None
            if match:
                dois.add(match.group(1).lower())
    return sorted(dois)


def _kind(message):
    """(publication type, output) of the work (``TYPES``)."""
    kind = message.get("type") if isinstance(message.get("type"), str) else ""
    subtype = message.get("subtype") if isinstance(message.get("subtype"), str) else ""
    if kind == "posted-content" and subtype not in PREPRINT_SUBTYPES:
        return "", "poster" if subtype == "poster" else "other"
    if not kind:  # a work saved without its type (by hand) is read as a paper
        return "journal", ""
    return paper_or_output(TYPES.get(kind, "output:other"))


def _short(value, limit=20):
    """A short text field (volume, issue, pages) as text, or "" when it is not one."""
    return value.strip() if isinstance(value, str) and len(value.strip()) <= limit else ""


def parse(data):
    """A Crossref response ({"message": …}), a list of them, a list of works, or a list
    answer ({"message": {"items": […]}}, as ``/works?query=…`` gives)."""
    message = data.get("message") if isinstance(data, dict) else None
    if isinstance(message, dict) and isinstance(message.get("items"), list):
        data = message["items"]
    items = data if isinstance(data, list) else [data]
    messages = []
    for item in items:
        message = item.get("message", item) if isinstance(item, dict) else None
        if not isinstance(message, dict):
            raise ImportProblem("An item of the Crossref file is not a work.")
        messages.append(message)
    return parse_each(messages, parse_work, _source)


def parse_works_of(data):
    """A Crossref list answer ({"message": {"items": […]}}) → (records, problems, next cursor)."""
    message = data.get("message") if isinstance(data, dict) else None
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise SourceUnavailable("Crossref's answer is not a list of works.")
    records, problems = parse_leniently(items, parse_work, _source)
    cursor = message.get("next-cursor")
    return records, problems, cursor if isinstance(cursor, str) and items else None


def works_of_orcid(orcid, max_pages=10):
    """The works Crossref knows with ``orcid`` among their authors: (records, problems)."""
    records, problems, cursor = [], [], "*"
    for _page in range(max_pages):
        query = urllib.parse.urlencode(
            {"filter": f"orcid:{orcid}", "rows": 200, "cursor": cursor, "mailto": contact_email()}
        )
        found, trouble, cursor = parse_works_of(
            get_json(f"{settings.CROSSREF_API_URL}?{query}", "Crossref")
        )
        records += found
        problems += trouble
        if not cursor or not found:
            break
    return records, problems


def fetch(dois):
    records = []
    for doi in validate_dois(dois):
        # Encoded whole ("/" too), so that no part of a DOI can act as a path segment ("..").
        url = f"{settings.CROSSREF_API_URL}/{urllib.parse.quote(doi, safe='')}"
        records += parse(get_json(url, "Crossref", what=f"the DOI {doi}"))
    return records


def date_of(doi):
    """(date, precision) of the work Crossref knows by ``doi``: for a source that names the
    work but not its date (an undated ORCID work)."""
    (record,) = fetch([doi])
    return record.publication_date, record.date_precision
