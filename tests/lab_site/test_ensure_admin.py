"""`manage.py ensure_admin`, which `make run` calls so that there is always a way in."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def ensure_admin(*args):
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def test_first_run_creates_an_admin_and_prints_its_password_once(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    first = ensure_admin()
    password = first.split("Password:")[1].split()[0]
    second = ensure_admin()

    assert "http://testserver/admin/" in first
    assert "User name:  admin" in first
    assert authenticate(
        RequestFactory().post("/admin/login/"), username="admin", password=password
    ).is_superuser
    assert "Password" not in second
    assert "Sign in to edit the site at http://testserver/admin/" in second
    assert get_user_model().objects.count() == 1


def test_password_can_be_chosen_through_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "chosen-by-the-operator")

    output = ensure_admin()

    assert "chosen-by-the-operator" not in output
    assert (
        authenticate(
            RequestFactory().post("/admin/login/"),
            username="admin",
            password="chosen-by-the-operator",
        )
        is not None
    )


def test_refuses_to_take_over_an_ordinary_user_of_the_same_name():
    UserFactory(username="admin", is_superuser=False)

    with pytest.raises(CommandError, match="not an administrator"):
        ensure_admin()


def test_the_first_admin_gets_the_address_from_the_environment_and_is_a_moderator(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "pi@example.org")

    output = ensure_admin()

    admin = get_user_model().objects.get(username="admin")
    assert admin.email == "pi@example.org"
    assert admin.groups.filter(name="Moderators").exists()
    assert "E-mail:     pi@example.org" in output
    assert "has no e-mail address" not in output


def test_the_address_on_the_command_line_wins_and_is_checked(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "env@example.org")

    with pytest.raises(CommandError, match="“not an address” is not a valid e-mail address"):
        ensure_admin("--email", "not an address")
    ensure_admin("--email", "cli@example.org")

    assert get_user_model().objects.get(username="admin").email == "cli@example.org"


def test_in_a_terminal_it_asks_for_the_address_until_it_is_valid(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_EMAIL", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["pi at example", "pi@example.org"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))

    ensure_admin()

    assert get_user_model().objects.get(username="admin").email == "pi@example.org"


def test_without_a_terminal_or_address_it_says_nobody_will_be_told(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_EMAIL", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)

    first, later = ensure_admin(), ensure_admin()

    assert get_user_model().objects.get(username="admin").email == ""
    for output in (first, later):
        assert "nobody is told when a member submits a change" in output
