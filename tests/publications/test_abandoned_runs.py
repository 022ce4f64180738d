"""An import or discovery run whose process is killed half-way (``kill -9``, a restart)
cannot say so itself: the next look at the runs marks it failed, with what to do."""

import signal
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from discovery.models import DiscoveryRun
from lab_site.workers import is_gone, this_worker
from publications.models import ImportRun, PublicationIndexPage, PublicationPage

pytestmark = pytest.mark.django_db(transaction=True)


def bibliography(count):
    return "\n".join(
        f"@article{{paper{n}, title={{A study of grokking number {n}}}, "
        f"author={{Author{n}, Ann and Bee, Bo}}, journal={{Journal}}, year={{2020}}}}"
        for n in range(count)
    )


def test_an_import_killed_half_way_is_marked_failed_and_changed_nothing(tmp_path):
    from tests.conftest import build_site_tree, manage_py_environment, restore_migrated_data

    restore_migrated_data(tmp_path)
    home = build_site_tree()
    home.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    source = tmp_path / "big.bib"
    source.write_text(bibliography(600))
    command = [sys.executable, "manage.py", "import_bibtex", str(source), "--background"]
    process = subprocess.Popen(  # noqa: S603 - the project's own manage.py
        command,
        cwd=Path(settings.BASE_DIR),
        env=manage_py_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not ImportRun.objects.filter(status=ImportRun.Status.RUNNING).exists():
        assert process.poll() is None and time.monotonic() < deadline, "it never started"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.RUNNING  # what the killed process left
    out = StringIO()
    call_command("import_status", stdout=out)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "stopped without finishing" in run.error and "start it again" in run.error
    assert "Failed" in out.getvalue()
    assert PublicationPage.objects.count() == 0  # all or nothing: nothing


def test_a_discovery_run_whose_process_died_is_marked_failed(tmp_path):
    from discovery.discover import fail_abandoned_runs

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # noqa: S603
    start = Path(f"/proc/{sleeper.pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    dead = f"{socket.gethostname()}:{sleeper.pid}:{start}"
    alive = DiscoveryRun.objects.create(worker=this_worker())
    assert not is_gone(dead)
    sleeper.send_signal(signal.SIGKILL)
    sleeper.wait()
    gone = DiscoveryRun.objects.create(worker=dead, log="Asking ORCID.")

    assert fail_abandoned_runs() == 1
    gone.refresh_from_db()
    alive.refresh_from_db()
    assert gone.status == DiscoveryRun.Status.FAILED and gone.finished_at is not None
    assert "stopped without finishing" in gone.log and gone.log.startswith("Asking ORCID.")
    assert alive.status == DiscoveryRun.Status.RUNNING


def test_a_pid_used_again_by_another_process_is_not_taken_for_the_worker():
    pid = this_worker().split(":")[1]
    host = this_worker().split(":")[0]
    assert not is_gone(this_worker())
    assert is_gone(f"{host}:{pid}:1")  # same pid, another start: another process
    assert not is_gone("another-host:1:1")  # cannot be asked; young enough
