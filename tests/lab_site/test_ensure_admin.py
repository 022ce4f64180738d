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
