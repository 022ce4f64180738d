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

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


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

        run("db_worker", "--batch", "--no-startup-delay")

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
