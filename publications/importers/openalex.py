"""OpenAlex works JSON → PublicationRecords, with each author's ORCID iD, the cited-by count
and the open-access PDF (``record.extra``)."""

import re
import urllib.parse
from datetime import date

from django.conf import settings

from ..identifiers import ARXIV_IN_TEXT, DOI_RE
from . import ImportProblem, PublicationRecord, paper_or_output, parse_leniently
from .funding import openalex_funding, openalex_institutions, openalex_open_access
from .http import SourceUnavailable, contact_email, get_json

# OpenAlex's work types → the site's publication types, or the kind of output that is not
# a paper ("output:…", shown apart by discovery). "article" (and a review, letter or
# editorial, which journals print as articles) is decided by where it appeared
# (SOURCE_TYPES). A type not listed is "other".
TYPES = {
    "preprint": "preprint",
    "book-chapter": "book_chapter",
    "book": "book",
    "dissertation": "thesis",
    "report": "report",
    "dataset": "output:dataset",
    "peer-review": "output:review",
    "grant": "output:grant",
    "supplementary-materials": "output:figure",
}
ARTICLES = {"article", "review", "letter", "editorial"}
SOURCE_TYPES = {"journal": "journal", "conference": "conference"}
RAW_ARTICLES = {"journal-article", "proceedings-article"}


def _source(work):
    work_id = work.get("id") if isinstance(work, dict) else None
    return f"OpenAlex {work_id.rsplit('/', 1)[-1][:40] if isinstance(work_id, str) else '(no id)'}"


def _text(value):
    return " ".join(value.split()) if isinstance(value, str) else ""


def _abstract(index):
    """The abstract from OpenAlex's inverted index ({word: [positions]})."""
    if not isinstance(index, dict):
        return ""
    words = {}
    for word, positions in index.items():
        for position in positions if isinstance(positions, list) else []:
            if isinstance(position, int) and 0 <= position < 20_000:
                words[position] = word
    return " ".join(words[position] for position in sorted(words))


def _orcid(value):
    return value.rstrip("/").rsplit("/", 1)[-1].upper() if isinstance(value, str) else ""


def _versions(work, doi):
    """The DOIs of the work's other versions (lower case): OpenAlex clusters the versions
    of a work (a bioRxiv preprint, the journal article) into one work whose ``doi`` is the
    published version's, and names the others by their locations' DOI landing pages."""
    dois = set()
    for location in work.get("locations") or []:
        if not isinstance(location, dict):
            continue
        match = DOI_RE.match(_text(location.get("landing_page_url")))
        # arXiv's DataCite DOIs name the arXiv id, which is matched on its own.
        if match and not match.group(1).lower().startswith("10.48550/"):
            dois.add(match.group(1).lower())
    return sorted(dois - {doi.lower()})


def _arxiv_id(work):
    """The arXiv id, from an arXiv location or an arXiv DOI (10.48550/arXiv.…)."""
    for location in work.get("locations") or []:
        if isinstance(location, dict):
            for key in ("landing_page_url", "pdf_url"):
                match = ARXIV_IN_TEXT.search(_text(location.get(key)))
                if match:
                    return match.group(1)
    doi = _text(work.get("doi"))
    match = re.search(r"10\.48550/arxiv\.(.+)$", doi, re.I)
    return match.group(1) if match else ""


def parse_work(work):
    if not isinstance(work, dict):
        raise ImportProblem("An OpenAlex work is not a record.")
    source = _source(work)
    title = _text(work.get("display_name") or work.get("title"))
    if not title:
        raise ImportProblem(f"{source}: OpenAlex gives no title.")
    authors, orcids = [], []
    for authorship in work.get("authorships") or []:
        author = authorship.get("author") if isinstance(authorship, dict) else None
        name = _text(author.get("display_name")) if isinstance(author, dict) else ""
        name = name or _text(authorship.get("raw_author_name"))
        if name:
            authors.append(name)
            orcids.append(_orcid(author.get("orcid")) if isinstance(author, dict) else "")
    precision = "day"
    try:
        published = date.fromisoformat(_text(work.get("publication_date")))
    except ValueError as error:
        # A work OpenAlex knows the year of only.
        year = work.get("publication_year")
        if type(year) is not int or not 1900 <= year <= 2100:
            raise ImportProblem(f"{source}: OpenAlex gives no publication date.") from error
        published, precision = date(year, 1, 1), "year"
    location = work.get("primary_location") or {}
    venue_source = location.get("source") if isinstance(location, dict) else None
    venue_source = venue_source if isinstance(venue_source, dict) else {}
    source_type = _text(venue_source.get("type"))
    work_type = _text(work.get("type"))
    if _text(location.get("raw_type") if isinstance(location, dict) else "") in RAW_ARTICLES:
        # The publisher's own type (Crossref's, on the primary location) over OpenAlex's
        # guess, which can be wrong: a PeerJ article OpenAlex calls a "book-chapter".
        work_type = "article"
    output = ""
    if work_type in ARTICLES or not work_type:
        kind = SOURCE_TYPES.get(
            source_type, "preprint" if source_type == "repository" else "journal"
        )
    else:
        kind, output = paper_or_output(TYPES.get(work_type, "output:other"))
    venue = _text(venue_source.get("display_name")) if source_type != "repository" else ""
    doi_match = DOI_RE.match(_text(work.get("doi")))
    doi = doi_match.group(1) if doi_match else ""
    best = work.get("best_oa_location") or {}
    pdf = _text(best.get("pdf_url")) if isinstance(best, dict) else ""
    cited_by = work.get("cited_by_count")
    biblio = work.get("biblio") if isinstance(work.get("biblio"), dict) else {}
    first, last = _text(biblio.get("first_page")), _text(biblio.get("last_page"))
    return PublicationRecord(
        title=title,
        authors=authors,
        authors_cut=bool(work.get("is_authors_truncated")),
        publication_date=published,
        date_precision=precision,
        publication_type=kind or "journal",
        output=output,
        venue=venue[:200],
        doi=doi,
        arxiv_id=_arxiv_id(work),
        abstract=_abstract(work.get("abstract_inverted_index")),
        pdf_url=pdf if pdf.startswith("https://") else "",
        volume=_text(biblio.get("volume"))[:20],
        issue=_text(biblio.get("issue"))[:20],
        pages=(f"{first}–{last}" if first and last and first != last else first)[:30],
        source=source,
        extra={
            "author_orcids": orcids,
            "cited_by": cited_by if type(cited_by) is int and cited_by >= 0 else None,
            "source_id": _text(work.get("id")).rsplit("/", 1)[-1],
            **({"versions": versions} if (versions := _versions(work, doi)) else {}),
            **({"funding": funding} if (funding := openalex_funding(work)) else {}),
            **({"open_access": place} if (place := openalex_open_access(work)) else {}),
            "institutions": openalex_institutions(work),
        },
    )


def parse_works(data):
    """An OpenAlex list answer → (records, problems, next cursor)."""
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise SourceUnavailable("OpenAlex's answer is not a list of works.")
    records, problems = parse_leniently(results, parse_work, _source)
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    cursor = meta.get("next_cursor")
    return records, problems, cursor if isinstance(cursor, str) and results else None


def works(filter_expression, max_pages=10):
    """The works matching an OpenAlex filter (``author.orcid:…``): (records, problems)."""
    records, problems, cursor = [], [], "*"
    for _page in range(max_pages):
        query = {"filter": filter_expression, "per-page": 200, "cursor": cursor}
        if contact_email():
            query["mailto"] = contact_email()
        url = f"{settings.OPENALEX_API_URL}/works?{urllib.parse.urlencode(query)}"
        found, trouble, cursor = parse_works(get_json(url, "OpenAlex"))
        records += found
        problems += trouble
        if not cursor:
            break
    return records, problems
