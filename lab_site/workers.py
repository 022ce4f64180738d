"""Which process runs a piece of background work, and whether it is still alive: a run
whose process was killed (``kill -9``, a restart, the machine going down) can never mark
itself finished, so whoever looks at it next does.

A worker is named "host:pid:start", the start being the process's start time as the
kernel counts it (/proc/<pid>/stat), so that a new process that happens to get the same
pid is never taken for the old one.
"""

import os
import socket
from datetime import timedelta

from django.utils import timezone


def _start_time(pid):
    """The process's start time in clock ticks since boot, or "" where /proc has none."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from its end.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


def this_worker():
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or ''}"


def is_gone(worker, started_at=None, longest=None):
    """Whether the process ``worker`` names has ended. A worker on another host cannot be
    asked: it counts as gone once ``longest`` has passed since ``started_at``."""
    host, _colon, rest = worker.partition(":")
    pid_text, _colon, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return bool(
            started_at and longest and timezone.now() - started_at > timedelta(seconds=longest)
        )
    now = _start_time(int(pid_text))
    if now is None:
        return True  # no such process
    return bool(start) and now != start
