"""The static copy of the demo, built once per session (fixtures ``static_copy`` and
``served_copy``, offered to every test by tests/conftest.py), and Debian's nginx serving
it with the configurations shipped in deploy/nginx/."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "nginx"
SUBPATH = "lab"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    """(status, headers, body) of ``url``; an error status is an answer too."""
    try:
        with urlopen(url, timeout=10) as response:  # noqa: S310 - loopback URL we built
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def nginx_available():
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return True
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail("REQUIRE_SERVICES=1 but nginx is not installed (apt-get install nginx)")
    pytest.skip("nginx is not installed (apt-get install nginx)")


@contextmanager
def nginx(server_block, folder, port=None):
    """Debian's nginx with ``server_block`` (inside an http block; "PORT" in it becomes
    ``port``, a free one unless given); yields the port. ``folder`` holds its pid, logs and
    temporary files."""
    nginx_available()
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    port = port or free_port()
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    config = folder / "nginx.conf"
    config.write_text(
        f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/tmp;
    proxy_temp_path {folder}/tmp;
    fastcgi_temp_path {folder}/tmp;
    uwsgi_temp_path {folder}/tmp;
    scgi_temp_path {folder}/tmp;
    {server_block.replace("PORT", str(port))}
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 - Debian's nginx on our own config
        [binary, "-c", str(config), "-p", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"nginx did not start: {process.stderr.read().decode()[-2000:]}"
                        f"{(folder / 'error.log').read_text() if (folder / 'error.log').exists() else ''}"
                    ) from None
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def static_copy(demo_database, django_db_blocker):
    """The demo published for http://127.0.0.1:<port>/lab/ into <folder>/lab, and the port
    nginx will serve it on (chosen first: links are made for the base URL)."""
    # Outside pytest's own (private) temporary folder: nginx's workers run as an
    # unprivileged user, who must be able to reach the files.
    web_root = Path(tempfile.mkdtemp(prefix="static-copy-"))
    web_root.chmod(0o755)
    port = free_port()
    base = f"http://127.0.0.1:{port}/{SUBPATH}/"
    out, err = StringIO(), StringIO()
    with django_db_blocker.unblock():
        call_command(
            "publish_static", str(web_root / SUBPATH), base_url=base, stdout=out, stderr=err
        )
    for path in [web_root, *web_root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
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
    locations = (
        (DEPLOY / "static-subpath.conf").read_text().replace("/var/www", str(static_copy["root"]))
    )
    block = f"server {{ listen 127.0.0.1:PORT; {locations} }}"
    folder = Path(tempfile.mkdtemp(prefix="nginx-static-"))
    try:
        with nginx(block, folder, port=static_copy["port"]):
            yield static_copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


__all__ = ["get", "nginx", "free_port", "URLError"]
