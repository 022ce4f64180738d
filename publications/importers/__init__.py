"""Importers: pure parsing of BibTeX, arXiv and Crossref data into PublicationRecords.

Parsing never touches the database; ``publications.importing`` plans and applies
the records, all or nothing.
"""

import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date


class ImportProblem(Exception):
    """Input that cannot be imported; the message names the entry and the problem."""


# A paper with more authors than this is refused with a message rather than stored.
MAX_AUTHORS = 5_000
# What a malformed entry raises inside a parser (a wrong type, a number out of range):
# reported as that entry's problem, never as a crash of the whole import.
UNREADABLE = (
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
    OverflowError,
    RecursionError,
)
ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def parse_each(items, parse_one, describe):
    """``parse_one(item)`` for every item, each record checked; ImportProblem listing every
    entry that could not be read (``describe(item)`` names it)."""
    records, problems = parse_leniently(items, parse_one, describe)
    if problems:
        raise ImportProblem("\n".join(problems))
    return records


def parse_leniently(items, parse_one, describe):
    """Like ``parse_each``, but keeps what can be read: (records, problems). For sources that
    are asked about a member's works, where one odd entry must not hide the rest."""
    records, problems = [], []
    for item in items:
        try:
            record = parse_one(item)
            check_record(record)
        except ImportProblem as problem:
            problems.append(str(problem))
        except UNREADABLE as error:
            problems.append(f"{describe(item)}: it could not be read ({error}).")
        else:
            records.append(record)
    return records, problems


def check_record(record):
    """ImportProblem naming the entry when a record cannot become a paper: text that is not
    text or holds control characters (a NUL byte is refused by PostgreSQL), no title, no
    authors or too many, a date that is not a date."""
    source = record.source or "an entry"
    for item in fields(record):
        value = getattr(record, item.name)
        if item.type is str:
            if not isinstance(value, str):
                raise ImportProblem(f"{source}: its {item.name.replace('_', ' ')} is not text.")
            _check_characters(value, source, item.name.replace("_", " "))
    if not record.title.strip():
        raise ImportProblem(f"{source}: it has no title.")
    if not isinstance(record.authors, list) or not all(
        isinstance(name, str) and name.strip() for name in record.authors
    ):
        raise ImportProblem(f"{source}: an author's name is missing or is not text.")
    if not record.authors:
        raise ImportProblem(f"{source}: it has no authors.")
    if len(record.authors) > MAX_AUTHORS:
        raise ImportProblem(
            f"{source}: it lists {len(record.authors):,} authors; at most {MAX_AUTHORS:,} can "
            "be imported."
        )
    for name in record.authors:
        _check_characters(name, source, "author names")
    if not isinstance(record.publication_date, date):
        raise ImportProblem(f"{source}: its date is not a date.")


def _check_characters(text, source, what):
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS:
            raise ImportProblem(
                f"{source}: there is an invisible control character (U+{ord(char):04X}) in "
                f"its {what}; remove it and import again."
            )


def identifiers(items, pattern, kind, example):
    """``pattern``'s first group of every item; ImportProblem naming every item that does not match."""
    clean, bad = [], []
    for raw in items:
        match = pattern.match(raw.strip())
        if match:
            clean.append(match.group(1))
        else:
            bad.append(raw)
    if bad:
        listed = ", ".join(f"“{item}”" for item in bad)
        raise ImportProblem(f"Not {kind}: {listed}. {example}")
    return clean


PRECISIONS = {1: "year", 2: "month", 3: "day"}  # how many parts of a date a source gives


@dataclass
class PublicationRecord:
    title: str
    authors: list[str]
    publication_date: date
    authors_cut: bool = False
    date_precision: str = "day"  # "month" or "year" when the source gives no more
    publication_type: str = "preprint"
    venue: str = ""
    venue_note: str = ""
    arxiv_id: str = ""
    arxiv_category: str = ""
    doi: str = ""
    abstract: str = ""
    pdf_url: str = ""
    code_url: str = ""
    project_url: str = ""
    video_url: str = ""
    slides_url: str = ""
    paper_url: str = ""  # the paper's own page, for one with no DOI and no arXiv id
    selected: bool = False  # shown among the group's selected papers
    status: str = ""  # "accepted" or "submitted" when the source says so; else published
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    editors: str = ""  # of the book or proceedings, one name per line
    bibtex_key: str = ""
    source: str = ""  # how the entry is named in messages, e.g. "entry liu2022omnigrok"
    extra: dict = field(default_factory=dict)
    # What the entry gives that the site keeps nowhere ("its month “25”, not a month"):
    # the preview and the command's output say it beside the paper.
    left_out: list = field(default_factory=list)
    # "" for a paper; else what the work is (a key of OTHER_OUTPUTS): a data set, software,
    # a peer review… Discovery shows such works apart and never suggests them as papers.
    output: str = ""


# What the services list besides papers. Each service's own types map onto these
# (orcid.TYPES, openalex.TYPES, crossref.TYPES).
OTHER_OUTPUTS = {
    "dataset": "Data set",
    "software": "Software",
    "review": "Review",
    "poster": "Poster or abstract",
    "talk": "Talk or lecture",
    "patent": "Patent",
    "grant": "Grant",
    "figure": "Figure or supplementary material",
    "website": "Web page",
    "other": "Other output",
}


def paper_or_output(value):
    """A service type's mapping (a publication type, or "output:<kind>") → (publication
    type, output): ("journal", "") for a paper, ("", "dataset") for a data set."""
    if value.startswith("output:"):
        return "", value.removeprefix("output:")
    return value, ""
