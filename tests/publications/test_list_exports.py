"""A list's exports from per-paper entries: byte for byte what the whole-list functions
write, for every format and style, on the demo's papers; after one paper changes, only
its entry is made again; a topic renamed reaches the RIS export."""

import pytest
from django.core.cache import caches

from publications import citations, list_exports
from publications.exports import bibtex
from publications.models import PublicationIndexPage, PublicationPage

pytestmark = pytest.mark.django_db


def whole_list(papers, export_format, style):
    """What the list export was before: every paper loaded, the list written at once."""
    papers = list(papers.for_listing())
    if export_format == "bib":
        return bibtex(papers)
    if export_format == "ris":
        return citations.ris(papers)
    if export_format == "json":
        return citations.csl_json(papers)
    return "\n\n".join(citations.reference_list(papers, style)) + "\n"


CASES = [("bib", "apa"), ("ris", "apa"), ("json", "apa")] + [
    ("txt", style) for style in citations.STYLES
]


def test_each_format_equals_the_whole_list_written_at_once(demo_site):
    index = PublicationIndexPage.objects.get()
    papers = index.publications().order_by("-publication_date", "-pk")
    caches["derived"].clear()
    caches["entries"].clear()
    for export_format, style in CASES:
        expected = whole_list(papers, export_format, style)
        assert list_exports.list_export(papers, export_format, style) == expected
        # Read back from the kept entries, the same.
        assert list_exports.list_export(papers, export_format, style) == expected
    empty = papers.none()
    for export_format, style in CASES:
        assert list_exports.list_export(empty, export_format, style) == whole_list(
            empty, export_format, style
        )


def test_one_changed_paper_makes_one_entry_and_a_renamed_topic_reaches_ris(demo_site, monkeypatch):
    index = PublicationIndexPage.objects.get()
    papers = index.publications().order_by("-publication_date", "-pk")
    for export_format, style in CASES:
        list_exports.list_export(papers, export_format, style)
    made = []
    original = list_exports._entries

    def counted(export_format, style, found, budget):
        entries = original(export_format, style, found, budget)
        made.extend(entries)
        return entries

    monkeypatch.setattr(list_exports, "_entries", counted)
    paper = PublicationPage.objects.get(slug="omnigrok-grokking-beyond-algorithmic-data")
    paper.title = "Omnigrok, revisited"
    paper.save_revision().publish()
    for export_format, style in CASES:
        text = list_exports.list_export(papers, export_format, style)
        assert text == whole_list(papers, export_format, style)
        assert "evisited" in text
    assert made == [paper.pk] * len(CASES)

    from scholarly_text.models import ResearchTopic

    topic = ResearchTopic.objects.create(name="Grokking")
    paper.topics.add(topic)
    paper.save_revision().publish()
    list_exports.list_export(papers, "ris", "apa")
    topic.name = "Grokking and generalisation"
    topic.save()
    ris = list_exports.list_export(papers, "ris", "apa")
    assert "KW  - Grokking and generalisation" in ris
    assert ris == whole_list(papers, "ris", "apa")
