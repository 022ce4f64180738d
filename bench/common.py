"""Helpers the benchmarks share (``run.py`` for `make bench`, ``fault_load.py`` for
`make bench-faults`)."""

import sys
import time
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

STARTED = time.monotonic()


def log(message):
    """A progress line on standard error, with the seconds since the benchmark started."""
    print(f"[bench {time.monotonic() - STARTED:4.0f} s] {message}", file=sys.stderr, flush=True)


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def with_database(url, name):
    """``url`` pointing at database ``name`` of the same server (``postgres`` to administer)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def wait_for(url, timeout=60):
    """Return once ``url`` answers 200; exit naming it after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urlopen(url, timeout=5) as response:  # noqa: S310 - loopback URL we built
                if response.status == 200:
                    return
        except (URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer within {timeout} s")
        time.sleep(0.3)
