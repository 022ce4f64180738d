"""A real HTTP server on 127.0.0.1 for a test: recorded answers of outside services, a git
host, addresses a client must not follow."""

import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer

# How often the serving thread looks whether it was asked to stop: the standard library's
# half a second is what each test would wait at its end.
POLL_SECONDS = 0.02


@contextmanager
def serving(handler):
    """Serve ``handler`` (a ``BaseHTTPRequestHandler`` class) on a free loopback port for
    the ``with`` block; yields the base address, ``http://127.0.0.1:<port>``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
