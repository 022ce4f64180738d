"""Polite HTTP for importers: one request at a time, a pause between them, clear errors."""

import json
import time
import urllib.error
import urllib.request

from django.conf import settings

from . import ImportProblem

USER_AGENT = "lab-site publication importer (mailto:{email})"
_last_request = {"at": 0.0}


def get(url, service, pause=None, timeout=30):
    """The body of ``url``; ImportProblem naming ``service`` when it cannot be fetched."""
    pause = settings.IMPORTER_PAUSE_SECONDS if pause is None else pause
    wait = _last_request["at"] + pause - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    request = urllib.request.Request(  # noqa: S310 - the URL is built from our own settings
        url,
        headers={"User-Agent": USER_AGENT.format(email=settings.DEFAULT_FROM_EMAIL)},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise ImportProblem(f"{service} does not know {url.rsplit('/', 1)[-1]}.") from error
        raise ImportProblem(
            f"{service} answered with an error ({error.code} {error.reason})."
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ImportProblem(
            f"Could not reach {service} ({reason}). Check the internet connection and try again."
        ) from error
    finally:
        _last_request["at"] = time.monotonic()


def get_json(url, service, **kwargs):
    text = get(url, service, **kwargs)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(f"{service} sent something that is not JSON.") from error
