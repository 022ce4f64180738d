"""Production settings refuse to start without their secrets and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THROWAWAY = {
    "DJANGO_SECRET_KEY": "throwaway-" + "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "lab.example.org",
    "DEFAULT_FROM_EMAIL": "lab@lab.example.org",
}


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="lab_site.settings.production", **env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {key: value for key, value in THROWAWAY.items() if key != missing}

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert f"The environment variable {missing} is required in production" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **THROWAWAY)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("sender", [None, "webmaster@localhost", "lab@localhost"])
def test_the_deploy_checks_name_a_sender_mail_servers_would_refuse(sender):
    env = {key: value for key, value in THROWAWAY.items() if key != "DEFAULT_FROM_EMAIL"}
    if sender:
        env["DEFAULT_FROM_EMAIL"] = sender

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    assert "lab_site.W001" in result.stderr and "Set DEFAULT_FROM_EMAIL" in result.stderr


def test_development_is_the_default_for_manage_py():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "diffsettings", "--output", "unified"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "+ DEBUG = True" in result.stdout


def test_with_a_cache_folder_the_processes_share_the_page_caches_generation(tmp_path):
    """`make run` sets CACHE_FOLDER: a worker that publishes (an import in the background)
    moves the web server's page cache on, as Redis does on a server."""
    script = (
        "from django.conf import settings; from lab_site import page_cache; "
        "print(settings.CACHES['default']['BACKEND']); "
        "import sys; page_cache.clear_page_cache() if sys.argv[-1] == 'bump' else None; "
        "print(page_cache.generation())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lab_site.settings.dev",
        "CACHE_FOLDER": str(tmp_path / "cache"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def process(*extra):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", "import django; django.setup(); exec(__import__('sys').argv[1])", script, *extra],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    backend, first = process("bump")
    _backend, seen = process("read")
    _backend, bumped = process("bump")
    _backend, seen_again = process("read")

    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
    assert seen == first and seen_again == bumped != first
