"""arXiv API (Atom) → PublicationRecords."""

import re
import urllib.parse
from datetime import datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings

from ..identifiers import ARXIV_ID_RE
from . import ImportProblem, PublicationRecord, identifiers, parse_each, parse_leniently
from .http import SourceUnavailable, get

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
BATCH = 20


def validate_ids(ids):
    """The ids without "arXiv:", with the version asked for if any ("2104.12255v1");
    ImportProblem naming every invalid one."""
    identifiers(
        ids, ARXIV_ID_RE, "arXiv ids", "An arXiv id looks like 2210.01117 or arXiv:2210.01117v2."
    )
    return ["".join(filter(None, ARXIV_ID_RE.match(item.strip()).groups())) for item in ids]


def _without_version(arxiv_id):
    return ARXIV_ID_RE.match(arxiv_id).group(1)


def _names(entry):
    """The authors' names. The API gives each author an <author>; an author feed
    (arxiv.org/a/<id>.atom2, written by arXiv's browse service) gives one <author> whose
    name joins every author's with ", " (a name itself never holds that: arXiv writes
    "given family suffix")."""
    return [
        name.strip()
        for author in entry.findall(f"{ATOM}author")
        for name in _text(author, f"{ATOM}name").split(", ")
        if name.strip()
    ]


def _text(element, name):
    found = element.find(name)
    return " ".join(found.text.split()) if found is not None and found.text else ""


def _source(entry):
    entry_id = _text(entry, f"{ATOM}id")
    match = re.search(r"abs/(.+?)(v\d+)?$", entry_id)
    return f"arXiv {(match.group(1) if match else entry_id)[:60] or '(no id)'}"


def _record(entry):
    source = _source(entry)
    match = re.search(r"abs/(.+?)(v\d+)?$", _text(entry, f"{ATOM}id"))
    published = _text(entry, f"{ATOM}published")
    try:
        day = datetime.fromisoformat(published.replace("Z", "+00:00")).date()
    except ValueError as error:
        raise ImportProblem(f"{source}: “{published[:40]}” is not a date.") from error
    category = entry.find(f"{ARXIV}primary_category")
    pdf = next(
        (link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("title") == "pdf"),
        "",
    )
    return PublicationRecord(
        title=_text(entry, f"{ATOM}title"),
        authors=_names(entry),
        publication_date=day,
        arxiv_id=match.group(1) if match else "",
        arxiv_category=category.get("term", "") if category is not None else "",
        # arXiv lists each DOI the authors gave, separated by spaces (an erratum's too):
        # the first is the paper's.
        doi=next(iter(_text(entry, f"{ARXIV}doi").split()), ""),
        abstract=_text(entry, f"{ATOM}summary"),
        pdf_url=(pdf or "").replace("http://", "https://"),
        venue=_text(entry, f"{ARXIV}journal_ref"),
        source=source,
        extra={
            "comment": _text(entry, f"{ARXIV}comment"),
            "source_id": match.group(1) if match else "",
            # Where the authors say it was published: kept as the venue by discovery
            # when no other source knows the work (discover.merge).
            "journal_ref": _text(entry, f"{ARXIV}journal_ref"),
        },
    )


def _entries(text):
    try:
        root = fromstring(text)  # defusedxml: no entity expansion, no external resources
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise SourceUnavailable(f"The arXiv response is not valid Atom XML ({error}).") from error
    return root.findall(f"{ATOM}entry")


def parse_author_feed(text):
    """An arXiv author feed (arxiv.org/a/<id>.atom2) → (records, problems)."""
    return parse_leniently(_entries(text), _record, _source)


def author_works(author_id):
    """The papers on an arXiv author page: (records, problems)."""
    url = f"{settings.ARXIV_AUTHOR_FEED_URL}/{urllib.parse.quote(author_id, safe='')}.atom2"
    return parse_author_feed(get(url, "arXiv", what=f"the author id {author_id}"))


def parse_atom(text):
    """Records of an arXiv API answer; ImportProblem naming every entry that cannot be one."""
    entries, problems = [], []
    for entry in _entries(text):
        if _text(entry, f"{ATOM}title") == "Error":
            problems.append(f"arXiv: {_text(entry, f'{ATOM}summary')}.")
        else:
            entries.append(entry)
    if problems:
        raise ImportProblem("\n".join(problems))
    return parse_each(entries, _record, _source)


def fetch(ids):
    """Records for ``ids`` from the arXiv API, a batch at a time, politely."""
    ids = validate_ids(ids)
    records = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        query = urllib.parse.urlencode({"id_list": ",".join(batch), "max_results": len(batch)})
        records += parse_atom(get(f"{settings.ARXIV_API_URL}?{query}", "arXiv"))
    found = {record.arxiv_id for record in records}
    missing = [item for item in ids if _without_version(item) not in found]
    if missing:
        raise ImportProblem("arXiv has no paper with the id " + ", ".join(missing) + ".")
    return records
