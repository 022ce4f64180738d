"""ORCID public API: the works listed on an ORCID record → PublicationRecords.

ORCID's work summaries give a title, a date, a type, a venue and identifiers, but no
co-authors: a record lists the iD's owner alone, marked as cut ("et al."), and discovery
completes it from OpenAlex, arXiv or Crossref when they know the same work.
"""

import urllib.parse
from datetime import date

from django.conf import settings

from ..identifiers import ARXIV_ID_RE, DOI_RE
from . import PRECISIONS, ImportProblem, PublicationRecord, parse_leniently
from .http import SourceUnavailable, get_json

TYPES = {
    "journal-article": "journal",
    "conference-paper": "conference",
    "preprint": "preprint",
    "working-paper": "preprint",
    "book-chapter": "book_chapter",
    "dissertation-thesis": "thesis",
    "dissertation": "thesis",
    "report": "report",
}


def _value(node, *path):
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return " ".join(node.split()) if isinstance(node, str) else ""


def _source(summary):
    code = summary.get("put-code") if isinstance(summary, dict) else None
    return f"ORCID work {code}" if isinstance(code, int) else "an ORCID work"


def _ids(summary):
    doi = arxiv = ""
    ids = summary.get("external-ids") or {}
    for item in ids.get("external-id") or [] if isinstance(ids, dict) else []:
        kind = _value(item, "external-id-type").lower()
        value = _value(item, "external-id-value")
        if kind == "doi" and not doi and (match := DOI_RE.match(value)):
            doi = match.group(1)
        elif kind == "arxiv" and not arxiv and (match := ARXIV_ID_RE.match(value)):
            arxiv = match.group(1)
    return doi, arxiv


def _date(summary, source):
    parts = []
    for key in ("year", "month", "day"):
        text = _value(summary, "publication-date", key, "value")
        if not text:
            break
        parts.append(int(text))
    if not parts:
        raise ImportProblem(f"{source}: ORCID gives no date.")
    year, month, day = (parts + [1, 1])[:3]
    if not 1900 <= year <= 2100:
        raise ImportProblem(f"{source}: the year {year} is out of range.")
    return date(year, month, day), PRECISIONS[len(parts)]


def parse_works(data, owner):
    """ORCID's ``/works`` answer → (records, problems); ``owner`` is the iD's name as the
    site knows it (the one author ORCID's summaries name)."""
    groups = data.get("group") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise SourceUnavailable("ORCID's answer is not a list of works.")
    # ORCID groups the copies of one work (from several sources); the first is preferred.
    summaries = [
        group["work-summary"][0]
        for group in groups
        if isinstance(group, dict)
        and isinstance(group.get("work-summary"), list)
        and group["work-summary"]
    ]

    def parse_one(summary):
        source = _source(summary)
        title = _value(summary, "title", "title", "value")
        if not title:
            raise ImportProblem(f"{source}: ORCID gives no title.")
        published, precision = _date(summary, source)
        doi, arxiv = _ids(summary)
        kind = TYPES.get(_value(summary, "type"), "preprint" if arxiv and not doi else "journal")
        return PublicationRecord(
            title=title,
            authors=[owner],
            authors_cut=True,
            publication_date=published,
            date_precision=precision,
            publication_type=kind,
            venue=_value(summary, "journal-title", "value")[:200],
            doi=doi,
            arxiv_id=arxiv,
            source=source,
            extra={"author_orcids": [""], "source_id": str(summary.get("put-code", ""))},
        )

    return parse_leniently(summaries, parse_one, _source)


def works(orcid, owner):
    """The works on the public ORCID record ``orcid``: (records, problems)."""
    url = f"{settings.ORCID_API_URL}/{urllib.parse.quote(orcid, safe='')}/works"
    return parse_works(get_json(url, "ORCID", what=f"the ORCID iD {orcid}"), owner)
