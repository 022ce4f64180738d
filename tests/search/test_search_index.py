"""A paper indexes itself for search once its authors are saved (lab_site.search_index):
an import indexes each paper once, at the end; a deleted paper leaves the index."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry

from publications.models import PublicationIndexPage, PublicationPage

from ..publications.real_files import import_file

pytestmark = pytest.mark.django_db


def entries(page):
    return IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PublicationPage), object_id=str(page.pk)
    )


def test_an_imported_paper_is_found_by_its_authors_and_a_deleted_one_leaves_the_index(home_page):
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    import_file("dblp-crossref.bib")
    papers = list(PublicationPage.objects.live())
    assert papers

    for paper in papers:
        assert entries(paper).count() == 1
        # Found by an author's name: the authors, saved after the page row, are indexed.
        surname = paper.authors.first().name.split()[-1]
        assert paper in PublicationPage.objects.live().search(surname)

    gone = papers[0]
    gone.delete()
    assert not entries(gone).exists()
    assert index.get_children().count() == len(papers) - 1
