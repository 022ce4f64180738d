"""ORCID public API: the works listed on an ORCID record → PublicationRecords.

ORCID's work summaries give a title, a date, a type, a venue and identifiers, but no
co-authors: a record lists the iD's owner alone, marked as cut ("et al."), and discovery
completes it from OpenAlex, arXiv or Crossref when they know the same work.
"""

import urllib.parse
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from ..identifiers import ARXIV_ID_RE, DOI_RE
from . import PRECISIONS, ImportProblem, PublicationRecord, paper_or_output, parse_leniently
from .http import SourceUnavailable, get_json

# ORCID's work types (v3.0) → the site's publication types, or the kind of output that is
# not a paper ("output:…", shown apart by discovery). A type not listed is "other".
TYPES = {
    "journal-article": "journal",
    "magazine-article": "journal",
    "conference-paper": "conference",
    "preprint": "preprint",
    "working-paper": "preprint",
    "book-chapter": "book_chapter",
    "book": "book",
    "edited-book": "book",
    "dissertation-thesis": "thesis",
    "dissertation": "thesis",
    "report": "report",
    "data-set": "output:dataset",
    "data-management-plan": "output:dataset",
    "software": "output:software",
    "research-tool": "output:software",
    "review": "output:review",
    "book-review": "output:review",
    "conference-abstract": "output:poster",
    "conference-poster": "output:poster",
    "lecture-speech": "output:talk",
    "patent": "output:patent",
    "invention": "output:patent",
    "disclosure": "output:patent",
    "license": "output:patent",
    "registered-copyright": "output:patent",
    "trademark": "output:patent",
    "website": "output:website",
    "online-resource": "output:website",
}
# Types that say nothing of what the work is: another copy of the work may say more.
VAGUE = {"other", "undefined", ""}


def _value(node, *path):
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return " ".join(node.split()) if isinstance(node, str) else ""


def _source(summary):
    code = summary.get("put-code") if isinstance(summary, dict) else None
    return f"ORCID work {code}" if isinstance(code, int) else "an ORCID work"


def _ids(*holders):
    """The first DOI and arXiv id among the external ids of ``holders`` (a group, its
    summaries)."""
    doi = arxiv = ""
    for holder in holders:
        ids = holder.get("external-ids") if isinstance(holder, dict) else None
        for item in (ids.get("external-id") or []) if isinstance(ids, dict) else []:
            # "part-of" names the container (a journal's ISSN, a book's DOI for its
            # chapter), "version-of" another version: only "self" names the work itself.
            if _value(item, "external-id-relationship").lower() not in {"self", ""}:
                continue
            kind = _value(item, "external-id-type").lower()
            value = _value(item, "external-id-value")
            if kind == "doi" and not doi and (match := DOI_RE.match(value)):
                doi = match.group(1)
            elif kind == "arxiv" and not arxiv and (match := ARXIV_ID_RE.match(value)):
                arxiv = match.group(1)
    return doi, arxiv


def _date_parts(summary):
    """The parts of the summary's date ORCID knows: [year], [year, month] or [year, month,
    day]. A month or day of "00" (or none) is unknown; the parts before it are kept."""
    parts = []
    for key in ("year", "month", "day"):
        text = _value(summary, "publication-date", key, "value")
        if not text.isdigit() or int(text) == 0:
            break
        parts.append(int(text))
    return parts


def _date(parts, source):
    if not parts:
        raise ImportProblem(f"{source}: ORCID gives no publication date.")
    year, month, day = (parts + [1, 1])[:3]
    if not 1900 <= year <= 2100:
        raise ImportProblem(f"{source}: the year {year} is out of range.")
    try:
        return date(year, month, day), PRECISIONS[len(parts)]
    except ValueError as error:
        raise ImportProblem(
            f"{source}: ORCID's date {'-'.join(map(str, parts))} does not exist."
        ) from error


def _date_elsewhere(doi, date_of, source):
    try:
        return date_of(doi)
    except ImportProblem as problem:
        raise ImportProblem(
            f"{source}: ORCID gives no publication date, and none was found by its DOI "
            f"({str(problem).rstrip('.')})."
        ) from problem


def _summaries(group):
    summaries = group.get("work-summary") if isinstance(group, dict) else None
    return (
        [item for item in summaries if isinstance(item, dict)]
        if isinstance(summaries, list)
        else []
    )


def parse_works(data, owner, date_of=None):
    """ORCID's ``/works`` answer → (records, problems); ``owner`` is the iD's name as the
    site knows it (the one author ORCID's summaries name). A work no copy dates is dated by
    ``date_of(doi)`` → (date, precision) when it has a DOI and ``date_of`` is given
    (discovery asks Crossref); else it is a problem, named with its reason.

    ORCID groups the copies of one work that several sources added (Crossref, Europe PMC,
    Scopus, the researcher). One record is made of each group: the first copy's title, the
    most precise date any copy gives, the first journal title and identifiers any copy has,
    and the type of the first copy that names one."""
    groups = data.get("group") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise SourceUnavailable("ORCID's answer is not a list of works.")
    groups = [group for group in groups if _summaries(group)]

    def describe(group):
        return _source(_summaries(group)[0])

    def parse_one(group):
        summaries = _summaries(group)
        source = describe(group)
        title = next(
            (title for item in summaries if (title := _value(item, "title", "title", "value"))),
            "",
        )
        if not title:
            raise ImportProblem(f"{source}: ORCID gives no title.")
        doi, arxiv = _ids(group, *summaries)
        parts = max((_date_parts(item) for item in summaries), key=len)
        if not parts and doi and date_of:
            published, precision = _date_elsewhere(doi, date_of, source)
        else:
            published, precision = _date(parts, source)
        types = [_value(item, "type") for item in summaries]
        # The first type that says what the work is; else "other" if a copy says so; a
        # work no copy gives a type is read as a paper (below).
        named = next((kind for kind in types if kind not in VAGUE), next(filter(None, types), ""))
        if named:
            kind, output = paper_or_output(TYPES.get(named, "output:other"))
        else:
            kind, output = ("preprint" if arxiv and not doi else "journal"), ""
        venue = next(
            (venue for item in summaries if (venue := _value(item, "journal-title", "value"))),
            "",
        )
        return PublicationRecord(
            title=title,
            authors=[owner],
            authors_cut=True,
            publication_date=published,
            date_precision=precision,
            publication_type=kind or "journal",
            output=output,
            venue=venue[:200],
            doi=doi,
            arxiv_id=arxiv,
            source=source,
            extra={
                "author_orcids": [""],
                "source_id": str(summaries[0].get("put-code", "")),
            },
        )

    return parse_leniently(groups, parse_one, describe)


def works(orcid, owner, date_of=None):
    """The works on the public ORCID record ``orcid``: (records, problems); ``date_of`` as
    for ``parse_works``."""
    url = f"{settings.ORCID_API_URL}/{urllib.parse.quote(orcid, safe='')}/works"
    return parse_works(get_json(url, "ORCID", what=f"the ORCID iD {orcid}"), owner, date_of)


@dataclass(frozen=True)
class Employment:
    """One employment on an ORCID record."""

    role: str
    organisation: str
    department: str
    start: tuple  # (year, month, day), 0 where unknown; (0, 0, 0) when not given
    end: tuple
    url: str
    put_code: str

    @property
    def current(self):
        return not any(self.end)


def _fuzzy_date(node):
    """ORCID's fuzzy date ({"year": {"value": "1930"}, "month": …}) → (year, month, day)."""
    parts = []
    for key in ("year", "month", "day"):
        value = _value(node, key, "value") if isinstance(node, dict) else ""
        parts.append(int(value) if value.isdigit() else 0)
    return tuple(parts)


def _employment_summaries(data):
    """Every employment summary of an answer, v3.0's affiliation groups (each with its
    summaries) and the older list of summaries alike."""
    if not isinstance(data, dict):
        return []
    found = []
    for group in data.get("affiliation-group") or []:
        for item in (group.get("summaries") or []) if isinstance(group, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("employment-summary"), dict):
                found.append(item["employment-summary"])
    for item in data.get("employment-summary") or []:
        if isinstance(item, dict):
            found.append(item)
    return found


def parse_employments(data):
    """The employments of an ORCID answer (``/employments``), newest first: current ones
    before ended ones, then by start date. Entries without an organisation are left out."""
    employments = []
    for summary in _employment_summaries(data):
        organisation = _value(summary, "organization", "name")
        if not organisation:
            continue
        url = summary.get("url")
        url = _value(url, "value") if isinstance(url, dict) else ""
        employments.append(
            Employment(
                role=_value(summary, "role-title"),
                organisation=organisation,
                department=_value(summary, "department-name"),
                start=_fuzzy_date(summary.get("start-date")),
                end=_fuzzy_date(summary.get("end-date")),
                url=url if url.startswith(("https://", "http://")) else "",
                put_code=str(summary.get("put-code") or ""),
            )
        )
    return sorted(employments, key=lambda item: (item.current, item.start), reverse=True)


def employments(orcid):
    """The employments on the public ORCID record ``orcid``, newest first."""
    url = f"{settings.ORCID_API_URL}/{urllib.parse.quote(orcid, safe='')}/employments"
    return parse_employments(get_json(url, "ORCID", what=f"the ORCID iD {orcid}"))
