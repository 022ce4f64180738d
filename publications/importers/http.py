"""Polite HTTP for importers and discovery: a contact address in the user agent, a pause
between requests to the same service, a timeout, retries with back-off on answers that
say "later" (429, 5xx) and on timeouts, and errors that name the service.

Nothing here reaches a visitor's browser: the site asks these services, never the page.
"""

import json
import time
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime

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
    while True:
        _wait_turn(service, pause)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.read().decode("utf-8")
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
        except (urllib.error.URLError, TimeoutError, OSError, UnicodeDecodeError) as error:
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
    except json.JSONDecodeError as error:
        raise SourceUnavailable(f"{service} sent something that is not JSON.") from error
