"""The static copy of the demo, built once per session (fixtures ``static_copy`` and
``served_copy``, offered to every test by tests/conftest.py), and Debian's nginx serving
it with the configurations shipped in deploy/nginx/ (through tools/nginx.py)."""

import os
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.core.management import call_command

from publishing.models import StaticCopy
from tools import nginx

SUBPATH = "lab"


def get(url):
    """(status, headers, body) of ``url``; an error status is an answer too."""
    try:
        with urlopen(url, timeout=10) as response:  # noqa: S310 - loopback URL we built
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def require_nginx():
    if nginx.binary():
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail("REQUIRE_SERVICES=1 but nginx is not installed (apt-get install nginx)")
    pytest.skip("nginx is not installed (apt-get install nginx)")


def readable(folder):
    """Let nginx's workers (an unprivileged user) read what the tests wrote."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture(scope="session")
def static_copy(demo_database, django_db_blocker):
    """The demo published for http://127.0.0.1:<port>/lab/ into <folder>/lab, and the port
    nginx will serve it on (chosen first: links are made for the base URL)."""
    # Outside pytest's own (private) temporary folder, for nginx's workers.
    web_root = Path(tempfile.mkdtemp(prefix="static-copy-"))
    port = nginx.free_port()
    base = f"http://127.0.0.1:{port}/{SUBPATH}/"
    out, err = StringIO(), StringIO()
    with django_db_blocker.unblock():
        call_command(
            "publish_static", str(web_root / SUBPATH), base_url=base, stdout=out, stderr=err
        )
        # A plain folder from now on: later tests' publishing must not update it.
        StaticCopy.objects.all().delete()
    readable(web_root)
    yield {
        "root": web_root,
        "out": web_root / SUBPATH,
        "port": port,
        "base": base,
        "report": out.getvalue(),
        "warnings": err.getvalue(),
    }
    shutil.rmtree(web_root, ignore_errors=True)


@pytest.fixture(scope="session")
def served_copy(static_copy):
    """nginx serving the static copy under /lab/ with deploy/nginx/static-subpath.conf."""
    require_nginx()
    with nginx.running(nginx.subpath_server(static_copy["root"]), port=static_copy["port"]):
        yield static_copy
