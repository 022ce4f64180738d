"""Importers: pure parsing of BibTeX, arXiv and Crossref data into PublicationRecords.

Parsing never touches the database; ``publications.importing`` plans and applies
the records, all or nothing.
"""

from dataclasses import dataclass, field
from datetime import date


class ImportProblem(Exception):
    """Input that cannot be imported; the message names the entry and the problem."""


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


@dataclass
class PublicationRecord:
    title: str
    authors: list[str]
    publication_date: date
    authors_cut: bool = False
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
    bibtex_key: str = ""
    source: str = ""  # how the entry is named in messages, e.g. "entry liu2022omnigrok"
    extra: dict = field(default_factory=dict)
