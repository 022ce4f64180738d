"""Discovery as a recurring background task: `discover_publications --schedule` queues a
run for the database worker (django-tasks' `db_worker`), which queues the next one."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from discovery.models import DiscoveryRun, Suggestion
from discovery.tasks import run_discovery
from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage
from tests.factories import add_member

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "discovery": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture
def site(home_page):
    home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    return add_member(people, "Eric J. Michaud", orcid="https://orcid.org/0000-0001-5109-3700")


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def waiting():
    return DBTaskResult.objects.filter(task_path=run_discovery.module_path, status="READY")


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_run_is_done_by_the_worker_which_queues_the_next(sources, site, settings):
    settings.DISCOVERY_INTERVAL_HOURS = 24 * 7
    with override_settings(TASKS=DATABASE_TASKS):
        output = run("discover_publications", "--schedule")
        assert "Discovery is scheduled" in output
        assert waiting().count() == 1
        # Scheduling twice keeps one chain.
        run("discover_publications", "--schedule")
        assert waiting().count() == 1
        assert not DiscoveryRun.objects.exists()

        run("db_worker", "--batch", "--no-startup-delay", "--backend", "discovery")

        finished = DiscoveryRun.objects.get()
        assert finished.status == DiscoveryRun.Status.DONE and finished.trigger == "schedule"
        assert Suggestion.objects.filter(title="Understanding Learned Reward Functions").exists()
        following = waiting().get()
        expected = timezone.now() + timedelta(days=7)
        assert abs(following.run_after - expected) < timedelta(minutes=5)


@pytest.mark.django_db
def test_without_a_worker_scheduling_says_what_to_do(site):
    with pytest.raises(CommandError, match="cron"):
        run("discover_publications", "--schedule")


@pytest.mark.django_db(transaction=True)
def test_look_for_new_papers_now_from_the_admin_shows_progress_then_the_result(
    sources, site, client
):
    """No terminal: the editor starts a run from Discovery runs; the page says it waits,
    refreshes itself, and once the worker (``make run`` starts it) is done shows what was
    found, and the suggestion is in the queue."""
    from django.urls import reverse

    from tests.factories import UserFactory

    # The database was flushed (a worker in another connection): no groups; an
    # administrator stands in for the editor (their rights: test_discovery_review.py).
    client.force_login(UserFactory(username="pi", is_superuser=True))
    runs = reverse("publications_discovery_runs")
    with override_settings(TASKS=DATABASE_TASKS):
        page = client.get(runs).content.decode()
        assert "Look for new papers now" in page and "manage.py" not in page
        assert "choose “Look for new papers now”" in page  # the empty log says how

        client.post(reverse("publications_discovery_run_now"))
        waiting_page = client.get(runs).content.decode()
        assert "waits for the background worker to start it" in waiting_page
        assert '<meta http-equiv="refresh"' in waiting_page
        assert "Next search:" not in waiting_page  # a run asked for now is no schedule
        assert "has not looked for papers yet" not in waiting_page
        assert "Look for new papers now</button>" not in waiting_page  # one run at a time
        said = client.post(reverse("publications_discovery_run_now"), follow=True)
        assert "looking for new papers already" in said.content.decode()
        assert waiting().count() == 1

        run("db_worker", "--batch", "--no-startup-delay", "--backend", "discovery")

        done = client.get(runs).content.decode()
    assert '<meta http-equiv="refresh"' not in done
    finished = DiscoveryRun.objects.get()
    assert finished.status == DiscoveryRun.Status.DONE and finished.trigger == "background"
    assert "Asking ORCID" in finished.log and "Asking ORCID" in done
    queue = client.get(reverse("publications_suggestions")).content.decode()
    assert "Understanding Learned Reward Functions" in queue


@pytest.mark.django_db
def test_a_running_run_shows_what_it_has_done_so_far(site, client):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from tests.factories import UserFactory

    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    DiscoveryRun.objects.create(
        worker="", log="Asking ORCID, OpenAlex about 1 member(s).\n  ORCID: 12 works"
    )

    page = client.get(reverse("publications_discovery_runs")).content.decode()

    assert "The site is looking for new papers now" in page
    assert "<details open>" in page and "ORCID: 12 works" in page
    assert '<meta http-equiv="refresh"' in page


@pytest.mark.django_db
def test_a_run_taken_by_the_worker_but_not_yet_recorded_keeps_the_page_refreshing(site, client):
    """Between the worker taking the task and recording its run, the runs page must not
    take the search for over (it would stop refreshing and show "Running" for good)."""
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from tests.factories import UserFactory

    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    runs = reverse("publications_discovery_runs")
    with override_settings(TASKS=DATABASE_TASKS):
        client.post(reverse("publications_discovery_run_now"))
        task = waiting().get()
        # What a worker's claim does: the task is running, no run is recorded yet.
        DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=timezone.now())
        taken = client.get(runs).content.decode()
        DiscoveryRun.objects.create(worker="", log="Asking ORCID about 1 member(s).")
        recorded = client.get(runs).content.decode()
        DiscoveryRun.objects.update(status=DiscoveryRun.Status.DONE, finished_at=timezone.now())
        DBTaskResult.objects.filter(pk=task.pk).update(
            status="SUCCESSFUL", finished_at=timezone.now()
        )
        done = client.get(runs).content.decode()

    assert '<meta http-equiv="refresh"' in taken and "Look for new papers now</button>" not in taken
    assert '<meta http-equiv="refresh"' in recorded
    assert '<meta http-equiv="refresh"' not in done and "Look for new papers now</button>" in done
