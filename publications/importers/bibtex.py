"""BibTeX → PublicationRecords (bibtexparser 2)."""

import re
from datetime import date

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

from ..identifiers import ARXIV_IN_TEXT, MONTH_NUMBERS
from . import PRECISIONS, ImportProblem, PublicationRecord, parse_each
from .names import accents_to_unicode, latex_to_unicode, split_bibtex_authors


def _publication_type(entry_type, fields):
    venue = (fields.get("booktitle") or fields.get("journal") or "").lower()
    preprint_venue = "arxiv" in venue or venue.strip() == "corr"
    if entry_type in {"misc", "unpublished", "online", "electronic"} and venue:
        # A @misc that names where it appeared is that kind of paper, not a preprint.
        entry_type = "inproceedings" if fields.get("booktitle") else "article"
    if entry_type in {"inproceedings", "conference", "proceedings"}:
        return "workshop" if "workshop" in venue else "conference"
    if entry_type == "article":
        return "preprint" if preprint_venue else "journal"
    if entry_type == "mastersthesis" or (
        entry_type == "thesis" and "master" in fields.get("type", "").lower()
    ):
        return "masters_thesis"
    if entry_type in {"phdthesis", "thesis"}:
        return "thesis"
    if entry_type in {"incollection", "inbook"}:
        return "book_chapter"
    if entry_type in {"techreport", "report"}:
        return "report"
    return "preprint"


# Numbers in dates are ASCII digits only: "²" and "①" pass str.isdigit() and fail int().
YEAR_RE = re.compile(r"[0-9]{4}")
MONTH_OR_DAY_RE = re.compile(r"[0-9]{1,2}")


def _date(fields, source):
    year = fields.get("year", "").strip()
    if not year:
        raise ImportProblem(f"{source}: it has no year.")
    if not YEAR_RE.fullmatch(year):
        raise ImportProblem(f"{source}: “{year[:40]}” is not a year.")
    month_text = fields.get("month", "").strip().lower().rstrip(".")
    month = 1
    if month_text:
        if MONTH_OR_DAY_RE.fullmatch(month_text):
            month = int(month_text)
        else:
            month = MONTH_NUMBERS.get(month_text, 0)
        if not 1 <= month <= 12:
            raise ImportProblem(f"{source}: “{fields['month'][:40]}” is not a month.")
    day_text = fields.get("day", "").strip()
    day = 1
    if day_text:
        if not MONTH_OR_DAY_RE.fullmatch(day_text):
            raise ImportProblem(f"{source}: “{day_text[:40]}” is not a day of the month.")
        day = int(day_text)
    parts = 1 + bool(month_text) + bool(month_text and day_text)
    try:
        return date(int(year), month, day), PRECISIONS[parts]
    except ValueError as error:
        raise ImportProblem(f"{source}: the date {year}-{month}-{day} does not exist.") from error


def _source(entry):
    return f"entry “{str(entry.key)[:80]}” (line {entry.start_line + 1})"


def _record(entry):
    fields = {key.lower(): str(value.value) for key, value in entry.fields_dict.items()}
    source = _source(entry)
    # Kept as LaTeX (the site renders it), accents as letters: braces that protect a
    # word's case ({ReLU}) stay for the export.
    title = accents_to_unicode(fields.get("title", ""))
    if not title:
        raise ImportProblem(f"{source}: it has no title.")
    authors, cut = split_bibtex_authors(fields.get("author", ""))
    if not authors:
        raise ImportProblem(f"{source}: it has no authors.")
    arxiv_id = ""
    if fields.get("eprint") and fields.get("archiveprefix", "arxiv").lower() == "arxiv":
        arxiv_id = fields["eprint"].strip().removeprefix("arXiv:")
    else:
        for text in (fields.get("url", ""), fields.get("journal", ""), fields.get("note", "")):
            match = ARXIV_IN_TEXT.search(text)
            if match:
                arxiv_id = match.group(1)
                break
    entry_type = entry.entry_type.lower()
    published, precision = _date(fields, source)
    venue = latex_to_unicode(
        fields.get("booktitle")
        or fields.get("journal")
        or fields.get("school")
        or fields.get("institution")
        or ""
    )
    publication_type = _publication_type(entry_type, fields)
    if publication_type == "preprint":
        venue = ""
    return PublicationRecord(
        title=title,
        authors=authors,
        authors_cut=cut,
        publication_date=published,
        date_precision=precision,
        publication_type=publication_type,
        venue=venue,
        venue_note=latex_to_unicode(fields.get("note", ""))
        if publication_type != "preprint"
        else "",
        arxiv_id=arxiv_id,
        arxiv_category=fields.get("primaryclass", ""),
        doi=fields.get("doi", "").strip().removeprefix("https://doi.org/"),
        abstract=fields.get("abstract", "").strip(),
        pdf_url=fields.get("pdf", ""),
        code_url=fields.get("code", ""),
        volume=fields.get("volume", "").strip()[:20],
        issue=fields.get("number", fields.get("issue", "")).strip()[:20],
        pages=re.sub(r"\s*-+\s*", "–", fields.get("pages", "").strip())[:30],
        publisher=latex_to_unicode(fields.get("publisher", "")),
        bibtex_key=entry.key,
        source=source,
    )


def parse(text):
    """All records of a BibTeX file, or ImportProblem listing every problem found."""
    try:
        library = bibtexparser.parse_string(text)
    except Exception as error:  # noqa: BLE001 - the parser's own failure, reported as such
        raise ImportProblem(f"The file is not readable BibTeX: {error}") from error
    problems = []
    for block in library.failed_blocks:
        line = getattr(block, "start_line", 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(f"line {line}: the key “{block.key}” is used twice in this file.")
        elif isinstance(block, ParsingFailedBlock):
            problems.append(
                f"line {line}: this entry could not be read; a brace or quote is probably "
                "not closed."
            )
    records = []
    try:
        records = parse_each(library.entries, _record, _source)
    except ImportProblem as problem:
        problems.append(str(problem))
    if not records and not problems:
        problems.append("The file contains no BibTeX entries.")
    if problems:
        raise ImportProblem("\n".join(problems))
    return records
