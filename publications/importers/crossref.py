"""Crossref REST “works” JSON → PublicationRecords."""

import re
import urllib.parse
from datetime import date

from django.conf import settings

from . import ImportProblem, PublicationRecord, identifiers
from .http import get_json

DOI_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.I)
TYPES = {
    "journal-article": "journal",
    "proceedings-article": "conference",
    "posted-content": "preprint",
    "book-chapter": "book_chapter",
    "dissertation": "thesis",
    "report": "report",
}


def validate_dois(dois):
    return identifiers(dois, DOI_RE, "DOIs", "A DOI looks like 10.3390/e24060771.")


def _jats_to_text(abstract):
    text = re.sub(r"<jats:title>.*?</jats:title>", "", abstract or "", flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())


def parse_work(message):
    doi = message.get("DOI", "")
    source = f"DOI {doi or '(missing)'}"
    titles = message.get("title") or []
    if not titles:
        raise ImportProblem(f"{source}: Crossref gives no title.")
    parts = (message.get("issued") or message.get("published") or {}).get("date-parts") or [[]]
    parts = [part for part in parts[0] if part is not None]
    if not parts:
        raise ImportProblem(f"{source}: Crossref gives no date.")
    try:
        day = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (TypeError, ValueError) as error:
        raise ImportProblem(f"{source}: the date {parts} does not exist.") from error
    authors = []
    for author in message.get("author", []):
        name = " ".join(filter(None, [author.get("given", ""), author.get("family", "")]))
        authors.append(name or author.get("name", ""))
    authors = [name for name in authors if name]
    if not authors:
        raise ImportProblem(f"{source}: Crossref lists no authors.")
    container = message.get("container-title") or []
    return PublicationRecord(
        title=" ".join(titles[0].split()),
        authors=authors,
        publication_date=day,
        publication_type=TYPES.get(message.get("type", ""), "preprint"),
        venue=container[0] if container else "",
        doi=doi,
        abstract=_jats_to_text(message.get("abstract", "")),
        source=source,
    )


def parse(data):
    """A Crossref response ({"message": …}), a list of them, or a list of works."""
    items = data if isinstance(data, list) else [data]
    records, problems = [], []
    for item in items:
        message = item.get("message", item) if isinstance(item, dict) else None
        if not isinstance(message, dict):
            problems.append("An item of the Crossref file is not a work.")
            continue
        try:
            records.append(parse_work(message))
        except ImportProblem as problem:
            problems.append(str(problem))
    if problems:
        raise ImportProblem("\n".join(problems))
    return records


def fetch(dois):
    records = []
    for doi in validate_dois(dois):
        url = f"{settings.CROSSREF_API_URL}/{urllib.parse.quote(doi, safe='/')}"
        records += parse(get_json(url, "Crossref"))
    return records
