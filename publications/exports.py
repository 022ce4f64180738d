"""BibTeX and Atom exports of publications."""

import re

from lab_site.feeds import atom_response, midnight
from scholarly_text import derived, latex

from . import authors
from .authors import name_parts
from .choices import PublicationStatus, PublicationType
from .identifiers import ARXIV_CATEGORY_RE, MONTHS, full_arxiv_category

# Entries are made by this module and the author names' rules: a change to either makes
# new keys.
derived.made_by(__file__, authors.__file__)

ENTRY_TYPES = {
    PublicationType.PREPRINT: "misc",
    PublicationType.CONFERENCE: "inproceedings",
    PublicationType.WORKSHOP: "inproceedings",
    PublicationType.JOURNAL: "article",
    PublicationType.THESIS: "phdthesis",
    PublicationType.MASTERS_THESIS: "mastersthesis",
    PublicationType.BOOK: "book",
    PublicationType.BOOK_CHAPTER: "incollection",
    PublicationType.REPORT: "techreport",
}
# Where each entry type keeps its venue (BibTeX's and biblatex's standard fields).
VENUE_FIELDS = {
    "inproceedings": "booktitle",
    "article": "journal",
    "incollection": "booktitle",
    "phdthesis": "school",
    "mastersthesis": "school",
    "techreport": "institution",
}
# The volume, number, pages and publisher each entry type has in biblatex's data model.
DETAIL_FIELDS = {
    "article": ("volume", "number", "pages"),
    "inproceedings": ("volume", "pages", "publisher"),
    "incollection": ("volume", "pages", "publisher"),
    "book": ("volume", "publisher"),
    "techreport": ("number",),
}
# biblatex's publication states for a paper not yet published.
PUBSTATES = {PublicationStatus.ACCEPTED: "forthcoming", PublicationStatus.SUBMITTED: "submitted"}
# Fields whose text is written with LaTeX on the site (title, abstract) or is free text.
TEXT_FIELDS = {
    "title",
    "booktitle",
    "journal",
    "school",
    "institution",
    "note",
    "abstract",
    "publisher",
}


def _value(name, value):
    """A field's value as BibTeX reads it: LaTeX text escaped (titles case-protected),
    identifiers and addresses as they are, the month as BibTeX's macro."""
    if name == "month":
        return value  # jan, feb…: BibTeX's own macros, never braced
    if name in TEXT_FIELDS:
        text = latex.to_bibtex(str(value), protect_case=name in {"title", "booktitle", "journal"})
    else:
        text = latex.bibtex_braces(latex.balanced_braces(" ".join(str(value).split())))
    return "{" + text + "}"


def bibtex_entry(publication):
    """One paper as a BibTeX entry that BibTeX, biber and pybtex read without a warning."""
    return _entry_text(*_entry_fields(publication))


def _entry_text(entry_type, key, fields):
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name} = {_value(name, value)}," for name, value in fields if value != ""]
    lines.append("}")
    return "\n".join(lines)


def _entry_fields(publication):
    """(entry type, key, [(field, value)]): all an entry is made from."""
    entry_type = ENTRY_TYPES.get(publication.publication_type, "misc")
    authors = [author.name_parts.bibtex() for author in publication.authors.all()]
    if publication.authors_cut:
        authors.append("others")
    fields = [
        ("title", publication.title),
        ("author", " and ".join(authors)),
        ("year", publication.publication_date.year),
    ]
    if len(publication.date_parts) > 1:
        fields.append(("month", MONTHS[publication.publication_date.month - 1]))
    venue_field = VENUE_FIELDS.get(entry_type)
    if venue_field and not publication.venue:
        # Without its venue the entry would lack a field the type requires (biber warns):
        # it is cited as a work of its own.
        entry_type, venue_field = "misc", None
    if publication.venue and venue_field:
        fields.append((venue_field, publication.venue))
    elif publication.venue:
        fields.append(("howpublished", publication.venue))
    if publication.editor_names() and entry_type in {"incollection", "inproceedings"}:
        editors = [name_parts(name).bibtex() for name in publication.editor_names()]
        fields.append(("editor", " and ".join(editors)))
    details = {"volume": publication.volume, "number": publication.issue}
    details["pages"] = re.sub(r"\s*[-–—]+\s*", "--", publication.pages)
    details["publisher"] = publication.publisher
    for name in DETAIL_FIELDS.get(entry_type, ()):
        if details[name]:
            fields.append((name, details[name]))
    if publication.venue_note:
        fields.append(("note", publication.venue_note))
    if publication.status in PUBSTATES:
        fields.append(("pubstate", PUBSTATES[publication.status]))
    if publication.arxiv_id:
        fields += [("eprint", publication.arxiv_id), ("archiveprefix", "arXiv")]
        category = full_arxiv_category(publication.arxiv_category or "")
        if ARXIV_CATEGORY_RE.match(category):
            fields.append(("primaryclass", category))
    if publication.doi:
        fields.append(("doi", publication.doi))
    if publication.web_url:
        fields.append(("url", publication.web_url))
    if publication.abstract:
        fields.append(("abstract", publication.abstract))
    return entry_type, publication.get_bibtex_key(), fields


def bibtex(publications, budget=None, store=False):
    """The entries of ``publications``; escaping LaTeX for BibTeX takes about 3 ms an entry,
    so entries are kept (``derived.cached_each``) and a long list converts only those that
    changed (at most ``budget`` of them, when given)."""
    return "\n\n".join(bibtex_entries(publications, budget, store)) + "\n"


def bibtex_entries(publications, budget=None, store=False):
    """The BibTeX entry of each of ``publications``, in order (see ``bibtex``)."""
    made_from = [_entry_fields(publication) for publication in publications]
    return derived.cached_each(
        "bibtex",
        made_from,
        lambda many: [_entry_text(*p) for p in many],
        budget=budget,
        store=store,
    )


def atom_feed(index, request, limit=20):
    """The newest papers as an Atom feed (RFC 4287): each entry with its own <updated>
    (the paper's last publication on the site), the feed's <updated> the latest of them,
    and the group as the feed's author, which entries without authors fall back to."""
    newest = index.publications().for_listing().order_by("-publication_date", "-pk")[:limit]
    entries = []
    for publication in newest:
        published = midnight(publication.publication_date)
        entries.append(
            {
                "title": publication.plain_title,
                "link": publication.get_full_url(request),
                "description": publication.plain_abstract,
                "authors": [author.name for author in publication.authors.all()],
                "pubdate": published,
                "updateddate": publication.last_published_at or published,
                "unique_id": publication.get_full_url(request),
                "categories": [topic.name for topic in publication.topics.all()],
            }
        )
    return atom_response(index, request, f"{index.title}: newest publications", entries)
