"""A list's exports (BibTeX, RIS, CSL-JSON and the formatted references) assembled from
per-paper entries kept in the derived cache, so that one changed paper costs one entry.

An entry is kept under what it is made from: the paper as published (its live revision,
by id and the instant it was made: every publish, import and accepted suggestion makes a
new one, and an id given again after a rollback or a restore comes with another instant),
for RIS the names of its
topics (which an editor renames elsewhere), the code that makes entries
(``derived.code_digest``) and the last migration of the papers' data. A list of a
thousand papers then reads a thousand keys in one query and makes only the entries it
lacks, from those papers alone. A paper without a live revision is made each time. They
are kept in a cache of their own ("entries", settings), apart from the texts kept under
a digest of their inputs ("derived").
"""

import hashlib
import json
import textwrap

from django.core.cache import caches
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from scholarly_text import derived

from . import citations
from .exports import bibtex_entries
from .models import PublicationPage

FORMATS = ("bib", "ris", "json", "txt")


def list_export(papers, export_format, style="apa", budget=None):
    """The export ``export_format`` (a key of ``FORMATS``; "txt" in ``style``) of the
    live papers ``papers`` (a queryset, in the list's order)."""
    entries = entries_of(papers, export_format, style, budget)
    return joined(export_format, style, list(entries.values()))


def entries_of(papers, export_format, style="apa", budget=None):
    """{paper id: its entry} of the live papers ``papers`` (a queryset), in their order:
    what a list's export is joined from, and each paper's own export (``joined`` of its
    one entry). Kept entries are read in one query; only the missing ones are made."""
    rows = [
        (pk, (revision, made.isoformat()) if revision is not None and made else None)
        for pk, revision, made in papers.values_list(
            "pk", "live_revision_id", "live_revision__created_at"
        )
    ]
    topics = _topic_names(papers) if export_format == "ris" else {}
    kind = f"{export_format}-{style}" if export_format == "txt" else export_format
    stamp = _made_by()
    keys = {
        pk: "list-entry:"
        + hashlib.sha256(
            json.dumps([kind, stamp, pk, revision, topics.get(pk, [])]).encode()
        ).hexdigest()
        for pk, revision in rows
        if revision is not None
    }
    cache = caches["entries"]
    kept = cache.get_many(list(keys.values()))
    entries = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [pk for pk, _revision in rows if pk not in entries]
    if missing:
        made = _entries(
            export_format,
            style,
            PublicationPage.objects.filter(pk__in=missing).for_listing(),
            budget,
        )
        cache.set_many({keys[pk]: made[pk] for pk in made if pk in keys}, derived.KEEP_SECONDS)
        entries.update(made)
    return {pk: entries[pk] for pk, _revision in rows}


def _entries(export_format, style, papers, budget):
    """{paper id: its entry} of ``papers``."""
    papers = list(papers)
    if export_format == "bib":
        texts = bibtex_entries(papers, budget=budget)
    elif export_format == "ris":
        texts = [citations.ris_entry(paper) for paper in papers]
    elif export_format == "json":
        texts = [
            json.dumps(citations.csl_item(paper), ensure_ascii=False, indent=2) for paper in papers
        ]
    else:
        references = citations.formatted(papers, style, html=False, budget=budget)
        texts = [
            citations.reference_record(paper, style, text)
            for paper, text in zip(papers, references, strict=True)
        ]
    return {paper.pk: text for paper, text in zip(papers, texts, strict=True)}


def joined(export_format, style, entries):
    """The export's text from its entries, as the whole-list functions write it
    (``exports.bibtex``, ``citations.ris``, ``citations.csl_json``,
    ``citations.reference_list``); a test compares the two."""
    if export_format == "json":
        if not entries:
            return "[]\n"
        return "[\n" + ",\n".join(textwrap.indent(entry, "  ") for entry in entries) + "\n]\n"
    if export_format == "txt":
        return "\n\n".join(citations.lettered(entries, style)) + "\n"
    return "\n\n".join(entries) + "\n"


def _topic_names(papers):
    """{paper id: its topics' names, sorted} of ``papers`` (one query, the papers a
    subquery of it: a thousand ids are no parameters to send)."""
    names = {}
    through = PublicationPage.topics.through
    rows = through.objects.filter(
        publicationpage_id__in=papers.order_by().values("pk")
    ).values_list("publicationpage_id", "researchtopic__name")
    for pk, name in rows:
        names.setdefault(pk, []).append(name)
    return {pk: sorted(found) for pk, found in names.items()}


def _made_by():
    """The code that makes entries and the last migration of the papers' data."""
    applied = MigrationRecorder(connection).migration_qs.filter(app="publications")
    last = applied.order_by("-applied", "-id").values_list("name", flat=True).first() or ""
    return f"{derived.code_digest()}:{last}"
