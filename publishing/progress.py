"""How far a whole publish of a static copy has got, for the admin's Static copy page.

The publish runs in a worker process and holds its copy's row locked until it ends, so
its progress cannot be read from the row: it is kept in a small file beside the copy's
folder (``.public.progress.json``), replaced whole at each step (never read half
written) and removed when the publish ends.
"""

import contextlib
import json
import time
from pathlib import Path

from .files import _replace


def progress_file(folder):
    folder = Path(folder)
    return folder.with_name(f".{folder.name}.progress.json")


def report(folder, stage, done=0, total=0, *, new=False):
    """Record that the publish of the copy in ``folder`` is at ``stage`` ("pages", "rest"),
    with ``done`` of ``total`` pages rendered; ``new``: the publish starts now."""
    path = progress_file(folder)
    try:
        started = time.time() if new else json.loads(path.read_text())["started"]
    except (OSError, ValueError, KeyError, TypeError):
        started = time.time()
    data = {"stage": stage, "done": done, "total": total, "started": started}
    with contextlib.suppress(OSError):  # progress is a courtesy: the publish goes on
        _replace(path, json.dumps(data).encode())


def finish(folder):
    Path(progress_file(folder)).unlink(missing_ok=True)


def read(folder):
    """{"stage", "done", "total", "seconds"} of the publish now running, or None."""
    try:
        data = json.loads(progress_file(folder).read_text())
        data["seconds"] = max(0, time.time() - float(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data
