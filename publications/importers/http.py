"""Polite HTTP for importers and discovery: a contact address in the user agent, a pause
between requests to the same service, a timeout, retries with back-off on answers that
say "later" (429, 5xx) and on timeouts, and errors that name the service.

What a service sends is kept outside: a redirect is followed only to the same host (and
never from HTTPS to HTTP) or to a host in ``IMPORTER_REDIRECT_HOSTS``; an answer larger
than ``IMPORTER_MAX_BYTES`` is refused; a request has a deadline for all of it
(``IMPORTER_REQUEST_SECONDS``, a slow trickle included) and so does a whole run
(``run_deadline``), enforced by closing the connection when it passes.

Nothing here reaches a visitor's browser: the site asks these services, never the page.
"""

import contextlib
import contextvars
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings

from . import ImportProblem

USER_AGENT = "lab-site publication importer (mailto:{email})"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 120  # seconds: a longer wait is reported instead of waited for
_last_request = {}  # service → time.monotonic() of its last request


class SourceUnavailable(ImportProblem):
    """A service that could not answer (down, refusing, too slow, or answering nonsense)."""


def contact_email():
    return getattr(settings, "DISCOVERY_CONTACT_EMAIL", "") or settings.DEFAULT_FROM_EMAIL


def user_agent():
    return USER_AGENT.format(email=contact_email())


def _wait_turn(service, pause):
    wait = _last_request.get(service, 0.0) + pause - time.monotonic()
    if wait > 0:
        time.sleep(wait)


def _retry_after(error):
    """Seconds the server asks us to wait (Retry-After: seconds or a date), or None."""
    value = error.headers.get("Retry-After") if error.headers else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


# --- keeping the outside outside ---------------------------------------------------------

_run_deadline = contextvars.ContextVar("importer_run_deadline", default=None)


@contextlib.contextmanager
def run_deadline(seconds):
    """Every request made in the block ends by ``seconds`` from now (a discovery run)."""
    token = _run_deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _run_deadline.reset(token)


class TooLate(Exception):
    """The request's or the run's deadline passed."""


class _Watch:
    """The sockets of one request, shut when its deadline passes: a read that is waiting
    (a server sending one byte a second) then ends at once."""

    def __init__(self, deadline):
        self.deadline, self.sockets, self.expired = deadline, [], False
        self.lock = threading.Lock()
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self.expire)
        self.timer.daemon = True

    def add(self, sock):
        with self.lock:
            self.sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def expire(self):
        with self.lock:
            self.expired = True
            sockets = list(self.sockets)
        for sock in sockets:
            _shut(sock)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()


def _shut(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watched(connection_class, watch):
    """``connection_class`` whose socket, once connected, ``watch`` shuts at the deadline."""

    class Watched(connection_class):
        def connect(self):
            super().connect()
            watch.add(self.sock)

    return Watched


class _WatchedHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """Opens http and https addresses (HTTPS with the default, verifying context) on
    connections ``watch`` keeps an eye on."""

    def __init__(self, watch):
        urllib.request.HTTPHandler.__init__(self)
        urllib.request.HTTPSHandler.__init__(self)
        self.watch = watch

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.watch), req)

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.watch), req)


class _SameServiceRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the host asked (never from HTTPS to HTTP), or to a host
    in ``IMPORTER_REDIRECT_HOSTS``: a service's answer cannot send the site elsewhere (a
    port on this machine, the local network)."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        before, after = urlsplit(req.full_url), urlsplit(newurl)
        allowed = set(getattr(settings, "IMPORTER_REDIRECT_HOSTS", ()))
        same = (after.hostname, after.port) == (before.hostname, before.port)
        if after.scheme not in ("http", "https") or (
            before.scheme == "https" and after.scheme != "https"
        ):
            raise _RefusedRedirect(newurl)
        if not same and not (after.scheme == "https" and after.hostname in allowed):
            raise _RefusedRedirect(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _RefusedRedirect(Exception):
    def __init__(self, target):
        super().__init__(target)
        self.target = target


CHUNK = 64 * 1024


def _read_bounded(response, limit, watch):
    """The body, or ``SourceUnavailable`` past ``limit`` bytes."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _TooLarge()
    parts, size = [], 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > limit:
            raise _TooLarge()
        parts.append(chunk)
        if watch.expired:
            raise TooLate()
    if watch.expired:
        raise TooLate()
    return b"".join(parts)


class _TooLarge(Exception):
    pass


def too_late(service, allowed):
    return (
        f"{service} took longer than the {allowed:.0f} s allowed for one answer "
        "(IMPORTER_REQUEST_SECONDS, or what was left of the run's DISCOVERY_RUN_SECONDS)."
    )


def _deadline(timeout):
    total = getattr(settings, "IMPORTER_REQUEST_SECONDS", 4 * timeout)
    deadline = time.monotonic() + total
    run = _run_deadline.get()
    return min(deadline, run) if run is not None else deadline


def get(url, service, pause=None, timeout=None, retries=None, accept=None, what=None):
    """The body of ``url``; ``SourceUnavailable`` naming ``service`` when it cannot be fetched
    (an ``ImportProblem`` saying the service does not know ``what`` for a 404)."""
    pause = settings.IMPORTER_PAUSE_SECONDS if pause is None else pause
    timeout = settings.IMPORTER_TIMEOUT_SECONDS if timeout is None else timeout
    retries = settings.IMPORTER_RETRIES if retries is None else retries
    headers = {"User-Agent": user_agent()}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - URLs from our settings
    attempt = 0
    limit = getattr(settings, "IMPORTER_MAX_BYTES", 50 * 1024 * 1024)
    while True:
        _wait_turn(service, pause)
        deadline = _deadline(timeout)
        if deadline <= time.monotonic():
            raise SourceUnavailable(
                f"{service} was not asked: this run's time is up "
                f"(DISCOVERY_RUN_SECONDS). The next run asks again."
            )
        started = time.monotonic()
        watch = _Watch(deadline)
        opener = urllib.request.build_opener(_WatchedHandler(watch), _SameServiceRedirects())
        try:
            with watch, opener.open(request, timeout=timeout) as response:
                return _read_bounded(response, limit, watch).decode("utf-8")
        except _RefusedRedirect as refused:
            raise SourceUnavailable(
                f"{service} sent us on to another address ({refused.target[:200]}), which is "
                "not followed: only its own host, over HTTPS."
            ) from None
        except _TooLarge:
            raise SourceUnavailable(
                f"{service} sent an answer larger than {limit // (1024 * 1024)} MB "
                "(IMPORTER_MAX_BYTES); it was not read."
            ) from None
        except TooLate:
            raise SourceUnavailable(too_late(service, deadline - started)) from None
        except urllib.error.HTTPError as error:
            if error.code == 404:
                what = what or url.rsplit("/", 1)[-1][:100]
                raise ImportProblem(f"{service} does not know {what}.") from error
            wait = _retry_after(error)
            if (
                error.code in RETRY_STATUSES
                and attempt < retries
                and (wait is None or wait <= MAX_RETRY_AFTER)
            ):
                attempt += 1
                time.sleep(
                    wait if wait is not None else settings.IMPORTER_BACKOFF_SECONDS * 2**attempt
                )
                continue
            if error.code == 429:
                raise SourceUnavailable(
                    f"{service} asked us to slow down (429 Too Many Requests) and still refused "
                    f"after {attempt + 1} tries; try again later."
                ) from error
            raise SourceUnavailable(
                f"{service} answered with an error ({error.code} {error.reason})"
                + (f" {attempt + 1} times" if attempt else "")
                + "."
            ) from error
        except (
            urllib.error.URLError,
            TimeoutError,
            OSError,
            UnicodeDecodeError,
            http.client.HTTPException,
        ) as error:
            if watch.expired:
                raise SourceUnavailable(too_late(service, deadline - started)) from error
            reason = getattr(error, "reason", error)
            if isinstance(error, TimeoutError) or isinstance(reason, TimeoutError):
                if attempt < retries:
                    attempt += 1
                    time.sleep(settings.IMPORTER_BACKOFF_SECONDS * 2**attempt)
                    continue
                raise SourceUnavailable(
                    f"{service} did not answer within {timeout:g} seconds "
                    f"({attempt + 1} tries). It may be down; try again later."
                ) from error
            if isinstance(error, UnicodeDecodeError):
                raise SourceUnavailable(f"{service} sent something that is not text.") from error
            raise SourceUnavailable(
                f"Could not reach {service} ({reason}). Check the internet connection and try "
                "again."
            ) from error
        finally:
            _last_request[service] = time.monotonic()


def get_json(url, service, **kwargs):
    text = get(url, service, accept="application/json", **kwargs)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:  # not JSON, or nested past Python's depth
        raise SourceUnavailable(f"{service} sent something that is not JSON.") from error
