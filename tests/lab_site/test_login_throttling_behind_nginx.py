"""Login throttling behind the shipped nginx: six wrong passwords lock the account for the
address they came from, not for everyone (nginx's own address), and an X-Forwarded-For a
client writes itself changes nothing."""

import re
import shutil
import tempfile
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from pytest_django.live_server_helper import LiveServer
from requests.adapters import HTTPAdapter

from lab_site.client_address import client_ip
from tools import nginx

from ..static_copy import readable, require_nginx

pytestmark = pytest.mark.django_db(transaction=True)


class FromAddress(HTTPAdapter):
    """Connections made from a chosen loopback address (127.0.0.2 is another machine to
    nginx: all of 127.0.0.0/8 is this one's)."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def browser(address):
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def log_in(session, base, password, headers=None):
    form = session.get(f"{base}/admin/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    return session.post(
        f"{base}/admin/login/",
        data={"username": "editor", "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/admin/login/", **(headers or {})},
        allow_redirects=False,
        timeout=10,
    )


@pytest.fixture
def behind_nginx():
    require_nginx()
    from tests.conftest import build_site_tree

    build_site_tree()
    get_user_model().objects.create_superuser("editor", "editor@example.org", "right horse")
    server = LiveServer("127.0.0.1")
    folder = Path(tempfile.mkdtemp(prefix="nginx-axes-"))
    (folder / "public").mkdir()
    readable(folder)
    config = nginx.production_server(folder / "public", server.url.removeprefix("http://"))
    try:
        with nginx.running(config) as base:
            yield base
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_wrong_passwords_lock_out_their_own_address_only(behind_nginx):
    attacker = browser("127.0.0.2")
    for _attempt in range(6):
        answer = log_in(attacker, behind_nginx, "wrong", {"X-Forwarded-For": "127.0.0.9"})
        assert answer.status_code != 302
    locked = log_in(attacker, behind_nginx, "right horse")
    assert locked.status_code == 429 and "locked" in locked.text.lower()
    # The attacker cannot borrow another address by writing the header themself.
    spoofed = log_in(attacker, behind_nginx, "right horse", {"X-Forwarded-For": "127.0.0.1"})
    assert spoofed.status_code == 429

    editor = browser("127.0.0.1")
    answer = log_in(editor, behind_nginx, "right horse")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/admin")


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "", "203.0.113.7"),  # no proxy (gunicorn alone): as it came
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # a header from anyone: ignored
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),  # from nginx: what it saw
        ("127.0.0.1", "10.9.9.9, 198.51.100.1", "198.51.100.1"),  # the client's own: left
        ("127.0.0.1", "not-an-address, 198.51.100.1", "198.51.100.1"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "garbage", "127.0.0.1"),
    ],
)
def test_the_client_address_believes_only_the_trusted_proxy(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@override_settings(TRUSTED_PROXIES=["192.0.2.0/24", "127.0.0.1"])
def test_a_chain_of_trusted_proxies_is_read_from_the_right():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4, 192.0.2.10"
    )
    assert client_ip(request) == "198.51.100.4"
