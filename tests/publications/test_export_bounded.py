"""A visitor's list export does bounded work at any list size: the entries it reads were
made when their papers were published; where some are missing, one request makes at most
EXPORT_ENTRIES_PER_REQUEST of them and asks to be reloaded."""

from datetime import date
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command

from publications.models import PublicationIndexPage
from scholarly_text.models import DerivedText

from ..factories import add_publication

pytestmark = pytest.mark.django_db

PAPERS = 12


@pytest.fixture
def listing(home_page, django_capture_on_commit_callbacks):
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(PAPERS):
            paper = add_publication(
                index, f"Paper {number}", date(2020 + number % 4, 1, 1), authors=[f"A. Bee{number}"]
            )
            paper.save_revision().publish()  # as an editor does
    return index


def forget_everything():
    DerivedText.objects.all().delete()
    caches["derived"].clear()
    caches["entries"].clear()


@pytest.mark.parametrize(
    "export", ["export.txt?style=chicago", "export.txt?style=ieee", "export.bib"]
)
def test_with_entries_missing_each_request_makes_at_most_its_budget(
    client, settings, listing, export
):
    settings.EXPORT_ENTRIES_PER_REQUEST = 5
    forget_everything()
    url = f"/publications/{export}"

    answers = []
    for _attempt in range(5):
        before = DerivedText.objects.count()
        answer = client.get(url)
        answers.append(answer.status_code)
        assert DerivedText.objects.count() - before <= 5
        if answer.status_code == 200:
            break
        assert answer.status_code == 503 and answer["Retry-After"] == "2"
        assert "entries are ready" in answer.content.decode()
    assert answers == [503, 503, 200]
    assert "Bee11" in answer.content.decode()


def test_published_papers_have_their_entries_made_so_an_export_makes_none(
    client, settings, listing
):
    settings.EXPORT_ENTRIES_PER_REQUEST = 0
    caches["derived"].clear()  # another process: only the database is shared
    caches["entries"].clear()
    for export in ("export.txt?style=chicago", "export.txt?style=apa", "export.bib"):
        before = DerivedText.objects.count()
        answer = client.get(f"/publications/{export}")
        assert answer.status_code == 200, answer.content
        assert DerivedText.objects.count() == before


def test_warm_exports_makes_every_missing_entry(client, settings, listing):
    settings.EXPORT_ENTRIES_PER_REQUEST = 0
    forget_everything()
    assert client.get("/publications/export.txt?style=ieee").status_code == 503
    out = StringIO()
    call_command("warm_exports", stdout=out)
    assert f"The citation entries of {PAPERS} papers are ready" in out.getvalue()
    caches["derived"].clear()
    caches["entries"].clear()
    assert client.get("/publications/export.txt?style=ieee").status_code == 200
    assert client.get("/publications/export.bib").status_code == 200


def test_papers_published_together_are_made_by_one_task(
    home_page, django_capture_on_commit_callbacks
):
    """Publishing many papers at once (an import, the demo) enqueues one task that makes the
    entries of all of them; a publish on its own enqueues one for its paper."""
    from django.db import transaction
    from django_tasks.signals import task_enqueued

    from publications.tasks import warm_exports

    index = home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="pubs"))
    enqueued = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path == warm_exports.module_path:
            enqueued.append(sorted(task_result.args[0]))

    task_enqueued.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            papers = [
                add_publication(index, f"Together {n}", date(2024, 1, n + 1), live=False)
                for n in range(3)
            ]
            for paper in papers:
                paper.save_revision().publish()
        with django_capture_on_commit_callbacks(execute=True):
            alone = add_publication(index, "Alone", date(2024, 2, 1), live=False)
            alone.save_revision().publish()
    finally:
        task_enqueued.disconnect(record)

    # Two tasks: one for the three papers, one for the paper alone. The first may also
    # name papers an earlier test published in a transaction that was rolled back: their
    # ids wait for the next commit, and the task finds them not live (tasks._warm_published);
    # SQLite may since have given such an id to a page of this test, so the first task's
    # other ids are not checked. The second commit's task names its own paper only.
    assert len(enqueued) == 2 and enqueued[1] == [alone.pk]
    assert {paper.pk for paper in papers} <= set(enqueued[0])
    assert DerivedText.objects.filter(key__contains=":bibtex:").count() >= 4
