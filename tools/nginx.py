"""Debian's nginx on loopback, for the tests and the benchmarks: a private configuration
in a temporary folder around one server block, and the shipped configurations of
deploy/nginx/ made to run here (their folder, port and upstream replaced)."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "nginx"


def binary():
    """nginx's path, or None when it is not installed."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_server(public, upstream):
    """deploy/nginx/lab-site.conf serving ``public`` in front of ``upstream`` (host:port);
    "PORT" stands for the port it listens on."""
    return (
        (DEPLOY / "lab-site.conf")
        .read_text()
        .replace("listen 80;", "listen 127.0.0.1:PORT;")
        .replace("/srv/lab-site/public", str(public))
        .replace("server 127.0.0.1:8000;", f"server {upstream};")
        .replace("/etc/nginx/lab-site-proxy.conf", str(DEPLOY / "lab-site-proxy.conf"))
    )


def subpath_server(web_root):
    """deploy/nginx/static-subpath.conf's locations, for copies below ``web_root``."""
    locations = (DEPLOY / "static-subpath.conf").read_text().replace("/var/www", str(web_root))
    return f"server {{ listen 127.0.0.1:PORT; {locations} }}"


def direct_server(root):
    """nginx serving the files of ``root`` as they are (the machine's limit)."""
    return (
        f"server {{ listen 127.0.0.1:PORT; root {root}; index index.html; gzip_static on; "
        "gzip_vary on; }"
    )


@contextlib.contextmanager
def running(server_block, port=None, workers=1):
    """nginx with ``server_block`` ("PORT" becomes ``port``, a free one unless given);
    yields its base URL once it accepts connections."""
    port = port or free_port()
    folder = Path(tempfile.mkdtemp(prefix="nginx-"))
    folder.chmod(0o755)  # nginx's workers run as an unprivileged user
    temporary = folder / "tmp"
    config = folder / "nginx.conf"
    config.write_text(
        f"""
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path {temporary};
    proxy_temp_path {temporary};
    fastcgi_temp_path {temporary};
    uwsgi_temp_path {temporary};
    scgi_temp_path {temporary};
    {server_block.replace("PORT", str(port))}
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 - Debian's nginx on our own configuration
        [binary() or "nginx", "-c", str(config), "-p", str(folder)],
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
                    log = folder / "error.log"
                    raise RuntimeError(
                        "nginx did not start: "
                        + process.stderr.read().decode()[-2000:]
                        + (log.read_text()[-2000:] if log.exists() else "")
                    ) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
