"""BibTeX → PublicationRecords (bibtexparser 2)."""

import re
from datetime import date

import bibtexparser
from bibtexparser.middlewares import RemoveEnclosingMiddleware
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, ParsingFailedBlock

from ..authors import name_keys, split_author_line
from ..identifiers import ARXIV_IN_TEXT, MONTH_NUMBERS
from . import PRECISIONS, ImportProblem, PublicationRecord, parse_leniently
from .names import (
    accents_to_unicode,
    bibtex_family_names,
    latex_to_unicode,
    read_bibtex_names,
    split_bibtex_authors,
)


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
    if entry_type in {"book", "mvbook"}:
        return "book"
    if entry_type in {"techreport", "report"}:
        return "report"
    return "preprint"


# Numbers in dates are ASCII digits only: "²" and "①" pass str.isdigit() and fail int().
YEAR_RE = re.compile(r"[0-9]{4}")
MONTH_OR_DAY_RE = re.compile(r"[0-9]{1,2}")


# BibLaTeX's ``date`` (ISO 8601, EDTF): "2013", "2013-05", "2013-05-02", with a time
# ("2016-04-07T10:33"), a range "2013-05-02/2013-05-04" (its start is the date), "2013?"
# or "2013~" (uncertain).
BIBLATEX_DATE_RE = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?)?)?)?[?~%]?(?:/.*)?"
)


def _date_fields(fields, source):
    """BibTeX's year, month and day, or those BibLaTeX's ``date`` gives when there is no
    ``year`` (Zotero and Better BibLaTeX write only ``date``)."""
    if fields.get("year", "").strip() or not fields.get("date", "").strip():
        return fields
    text = fields["date"].strip()
    match = BIBLATEX_DATE_RE.fullmatch(text)
    if match is None:
        raise ImportProblem(f"{source}: “{text[:40]}” is not a date.")
    year, month, day = match.groups()
    return {**fields, "year": year, "month": month or "", "day": (month and day) or ""}


def _date(fields, source, left_out):
    """(date, precision) of an entry; what cannot be read of a known year goes into
    ``left_out``."""
    fields = _date_fields(fields, source)
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
            # The year stands; the paper is dated by it alone, and the preview says why.
            left_out.append(f"its month “{fields['month'][:40]}”, which is not a month")
            return date(int(year), 1, 1), PRECISIONS[1]
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
    if not str(entry.key).strip():
        return f"the entry without a key (line {entry.start_line + 1})"
    return f"entry “{str(entry.key)[:80]}” (line {entry.start_line + 1})"


# What a field that holds an address or an identifier may have escaped for LaTeX (DBLP
# writes ``10.1007/11880561\_13``): the characters themselves.
_ESCAPED = re.compile(r"\\([_%&#$~])")


def _plain(value):
    r"""An identifier or address as written in a .bib file, without LaTeX's escapes and
    braces: ``{10.1007/11880561\_13}`` → ``10.1007/11880561_13``."""
    return _ESCAPED.sub(r"\1", value).replace("{", "").replace("}", "").strip()


def _doi(value):
    value = _plain(value)
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.strip()


def _link(value):
    """An address the site can link to (http or https), else "": al-folio's ``pdf`` is
    often a file name on that site (``pdf={example_pdf.pdf}``), which has no place here."""
    value = _plain(value)
    return value if re.match(r"https?://\S+$", value) else ""


# What reference managers write where a paper has no pages: Mendeley's "No Pagination
# Specified", "n.p.", "n. pag.", "undefined".
NO_PAGES_RE = re.compile(r"no pagination specified|n\.?\s?p(?:ag)?\.?|undefined|none", re.I)


# A range of page numbers joined by a hyphen, each number with the same letters before it
# or none ("12-34", "E668-E675"): the hyphen stands for the range's dash.
_HYPHENATED_RANGE = re.compile(r"(?<![\w.])([A-Za-z]*\d+)\s*-\s*([A-Za-z]*\d+)(?![\w.])")


def _pages(value, publication_type):
    """The pages as the entry gives them, a range written with "--" or "-" as "12–34"
    (TeX's "--" is that dash); a hyphen inside an article number stays one
    ("ENEURO.0019-23.2023", "5.12.1-5.12.16"); empty for a book (its ``pages`` counts
    them: "XX, 327 Seiten") and where the entry only says it has none ("n.p.", "No
    Pagination Specified-No Pagination Specified")."""
    value = _plain(latex_to_unicode(value))
    value = re.sub(r"\s*(?:--+|–|—)\s*", "–", " ".join(value.split()))
    value = _HYPHENATED_RANGE.sub(r"\1–\2", value)
    value = re.sub(r"^(?:pp?\.|pages?)\s*", "", value, flags=re.I)
    if publication_type == "book" or all(
        NO_PAGES_RE.fullmatch(part.strip()) for part in re.split(r"[–-]", value)
    ):
        return ""
    return value


def _link_in(value):
    """The address ``value`` is, or holds as ``\\url{…}`` or ``\\href{…}``, else ""."""
    match = re.search(r"\\(?:url|href)\s*\{([^}]*)\}", value)
    return _link(match[1] if match else value)


def _paper_link(fields):
    """The paper's own address, for a paper with no DOI and no arXiv id (whose addresses
    the site makes from them): ``url``, ``howpublished = {\\url{…}}`` or al-folio's
    ``html``."""
    links = (_link_in(fields.get(name, "")) for name in ("url", "html", "howpublished"))
    return next((link for link in links if link), "")


# A publication status (BibLaTeX's ``pubstate``; al-folio sites' ``pubstatus``) → the site's.
STATUSES = {
    "inpress": "accepted",
    "accepted": "accepted",
    "forthcoming": "accepted",
    "in press": "accepted",
    "to appear": "accepted",
    "submitted": "submitted",
    "under review": "submitted",
}


def _author_roles(fields, authors):
    """Which authors share the first authorship and which are corresponding, as lab sites
    write them beside the author list (``cofirstauthors = {Hyunjun Kim and Younghan Lee}``,
    ``correspondingauthors``): {"equal_contribution": [...], "corresponding": [...]}, each
    a list of positions in ``authors``. A name that is not among the authors is left aside."""
    roles = {}
    for field_name, role in (
        ("cofirstauthors", "equal_contribution"),
        ("equalcontribution", "equal_contribution"),
        ("correspondingauthors", "corresponding"),
        ("correspondingauthor", "corresponding"),
    ):
        names, _cut = split_author_line(latex_to_unicode(fields.get(field_name, "")))
        positions = [
            position
            for position, author in enumerate(authors)
            if any(_same_person(author, name) for name in names)
        ]
        if positions:
            roles.setdefault(role, []).extend(positions)
    return roles


def _family_names(value):
    """{"family_names": [...]} when a name's family name is not what its printed form
    tells (see ``names.bibtex_family_names``), else {}."""
    families = bibtex_family_names(value)
    return {"family_names": families} if any(families) else {}


def _same_person(author, name):
    """Whether ``name`` is the author ``author``, by the rules members are recognised by
    (``authors.name_keys``): the same names, or the same family name and initial where
    one of them gives only the initial ("Y. Lee" is "Younghan Lee")."""
    (ours, our_initial), (theirs, their_initial) = name_keys(author), name_keys(name)
    if ours & theirs:
        return True
    initial_only = our_initial in ours or their_initial in theirs
    return initial_only and our_initial is not None and our_initial == their_initial


# BibLaTeX's field → the BibTeX field the importer reads.
BIBLATEX_NAMES = {
    "journaltitle": "journal",
    "eprinttype": "archiveprefix",
    "eprintclass": "primaryclass",
    "institution": "school",
    "location": "address",
    "eventtitle": "booktitle",  # the conference, where a paper names no proceedings
}


# Fields an entry takes from the one its ``crossref`` names, when it has none of its own
# (BibTeX's rule): the volume's title is the paper's book title.
INHERITED = ("booktitle", "year", "month", "publisher", "series", "volume", "editor", "address")


def _with_crossref(fields, volumes):
    """``fields`` completed from the entry its ``crossref`` names (DBLP writes a paper's
    proceedings once, as an entry of their own)."""
    name = fields.get("crossref", "").strip().lower()
    volume = volumes.get(name) if name else None  # (an entry without a key has key "")
    if volume is None:
        return fields
    merged = dict(fields)
    if "booktitle" not in merged and volume.get("title"):
        merged["booktitle"] = volume["title"]
    for name in INHERITED:
        if name not in merged and volume.get(name):
            merged[name] = volume[name]
    return merged


def _fields(entry):
    return {key.lower(): str(value.value) for key, value in entry.fields_dict.items()}


def _record(entry, volumes=None, referenced=frozenset()):
    fields = _with_crossref(_fields(entry), volumes or {})
    source = _source(entry)
    if entry.entry_type.lower() == "set":
        raise ImportProblem(
            f"{source}: it is a set that groups other entries (BibLaTeX's @set), not a paper."
        )
    if entry.entry_type.lower() == "proceedings" and not fields.get("author"):
        if str(entry.key).lower() in referenced:
            raise ImportProblem(
                f"{source}: it is the volume of proceedings other entries name (crossref); "
                "its details went into theirs."
            )
        raise ImportProblem(
            f"{source}: it is a whole volume of proceedings (editors, no authors), not a paper."
        )
    # Kept as LaTeX (the site renders it), accents as letters: braces that protect a
    # word's case ({ReLU}) stay for the export.
    title = accents_to_unicode(fields.get("title", ""))
    if not title:
        raise ImportProblem(f"{source}: it has no title.")
    authors, cut, whole_names = read_bibtex_names(fields.get("author", ""))
    if not authors:
        if fields.get("editor"):
            raise ImportProblem(
                f"{source}: it names editors and no authors: a volume others wrote in, not "
                "a paper of the group."
            )
        raise ImportProblem(f"{source}: it has no authors.")
    # BibLaTeX's names for fields BibTeX has under others.
    for biblatex_name, bibtex_name in BIBLATEX_NAMES.items():
        if fields.get(biblatex_name) and not fields.get(bibtex_name):
            fields[bibtex_name] = fields[biblatex_name]
    arxiv_id = _plain(fields.get("arxiv", ""))  # al-folio's own field
    if fields.get("eprint") and fields.get("archiveprefix", "arxiv").lower() == "arxiv":
        arxiv_id = fields["eprint"].strip().removeprefix("arXiv:")
    else:
        for text in (fields.get("url", ""), fields.get("journal", ""), fields.get("note", "")):
            match = ARXIV_IN_TEXT.search(text)
            if match:
                arxiv_id = match.group(1)
                break
    doi = _doi(fields.get("doi", ""))
    entry_type = entry.entry_type.lower()
    left_out = []
    published, precision = _date(fields, source, left_out)
    howpublished = fields.get("howpublished", "")
    venue = latex_to_unicode(
        fields.get("booktitle")
        or fields.get("journal")
        or fields.get("school")
        or fields.get("institution")
        # Where a @book or a @misc appeared (the site writes a book's venue there), unless
        # it is the link to it.
        or ("" if _link_in(howpublished) else howpublished)
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
        # A preprint's note that only names its arXiv id ("arXiv:2401.01234") is no note.
        venue_note=""
        if publication_type == "preprint" and ARXIV_IN_TEXT.search(fields.get("note", ""))
        else latex_to_unicode(fields.get("note", "")),
        arxiv_id=arxiv_id,
        arxiv_category=fields.get("primaryclass", ""),
        doi=doi,
        abstract=fields.get("abstract", "").strip(),
        pdf_url=_link(fields.get("pdf", "")),
        code_url=_link(fields.get("code", "")),
        # al-folio's links (its display-only fields, such as abbr, preview, bibtex_show
        # and altmetric, have no place here and are left aside).
        project_url=_link(fields.get("website", "")),
        video_url=_link(fields.get("video", "")),
        slides_url=_link(fields.get("slides", "")),
        paper_url="" if doi or arxiv_id else _paper_link(fields),
        selected=fields.get("selected", "").strip().lower() in {"true", "yes", "1"},
        # BibLaTeX's pubstate (the site's own export writes it), or a lab site's pubstatus.
        status=STATUSES.get(
            (fields.get("pubstate") or fields.get("pubstatus") or "").strip().lower(), ""
        ),
        # Longer than the site keeps: listed with the reason (importing.plan), never cut.
        volume=fields.get("volume", "").strip(),
        issue=fields.get("number", fields.get("issue", "")).strip(),
        pages=_pages(fields.get("pages", ""), publication_type),
        publisher=latex_to_unicode(fields.get("publisher", "")),
        # The book's or proceedings' editors (a paper in one; never a book's own).
        editors="\n".join(split_bibtex_authors(fields.get("editor", ""))[0])
        if publication_type in {"book_chapter", "conference", "workshop"}
        else "",
        bibtex_key=entry.key,
        source=source,
        left_out=left_out,
        extra=_author_roles(fields, authors)
        | ({"whole_names": sorted(whole_names)} if whole_names else {})
        | _family_names(fields.get("author", "")),
    )


def _conflicting_field(entry, keys):
    """Why an entry that gives a field more than once cannot be read ("its field “year” is
    given twice, as “2020” and “2021”"), or None when each repeats the same value."""
    for key in sorted(keys):
        values = [
            " ".join(str(field.value).split())
            for field in entry.fields
            if field.key.lower() == key.lower()
        ]
        if len(set(values)) > 1:
            shown = " and ".join(f"“{value[:40]}”" for value in values[:3])
            return f"its field “{key}” is given {len(values)} times, as {shown}."
    return None


# An entry written with no key at all (EndNote: ``@article{ author = …``); its fields start
# right after the brace. Not @string, @preamble or @comment, which have no key.
KEYLESS_RE = re.compile(
    r"(@(?!(?:string|preamble|comment)\b)[A-Za-z]+\s*\{)(?=\s*[A-Za-z][\w-]*\s*=)",
    re.IGNORECASE,
)


def read(text):
    """(records, problems) of a BibTeX file: every entry that can become a paper, and for
    each one that cannot, a line naming it and why. ImportProblem only when the file is not
    BibTeX at all or holds no entries.

    An entry with no key, or with a key another entry also uses, is read all the same: the
    paper gets a key of its own when it is saved (importing._free_key)."""
    try:
        # An empty key ("@article{,") is what Mendeley writes for an entry without one.
        library = bibtexparser.parse_string(KEYLESS_RE.sub(r"\1,", text))
    except Exception as error:  # noqa: BLE001 - the parser's own failure, reported as such
        raise ImportProblem(f"The file is not readable BibTeX: {error}") from error
    problems, repeated = [], []
    for block in library.failed_blocks:
        line = getattr(block, "start_line", 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            # Two entries under one key: two papers unless they are the same paper, which
            # importing.plan finds by DOI, arXiv id or title.
            repeated.append(
                RemoveEnclosingMiddleware().transform_entry(block.ignore_error_block, library)
            )
        elif isinstance(block, DuplicateFieldKeyBlock):
            # Its values as read for every other entry (without their braces or quotes).
            entry = RemoveEnclosingMiddleware().transform_entry(block.ignore_error_block, library)
            if conflict := _conflicting_field(entry, block.duplicate_keys):
                problems.append(f"{_source(entry)}: {conflict}")
            else:
                repeated.append(entry)  # the same value twice: harmless
        elif isinstance(block, ParsingFailedBlock):
            problems.append(
                f"line {line}: this entry could not be read; a brace or quote is probably "
                "not closed."
            )
    entries = sorted([*library.entries, *repeated], key=lambda entry: entry.start_line)
    if not entries and not problems:
        raise ImportProblem("The file contains no BibTeX entries.")
    volumes = {str(entry.key).lower(): _fields(entry) for entry in entries}
    referenced = {
        fields["crossref"].strip().lower()
        for fields in volumes.values()
        if fields.get("crossref", "").strip()
    }
    records, listed = parse_leniently(
        entries, lambda entry: _record(entry, volumes, referenced), _source
    )
    return records, problems + listed


def parse(text):
    """All records of a BibTeX file, or ImportProblem listing every problem found."""
    records, problems = read(text)
    if problems:
        raise ImportProblem("\n".join(problems))
    return records
