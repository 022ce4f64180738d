"""Fault and load test: the production stack under load while Redis and PostgreSQL fail.

Runs on loopback only and takes about two minutes:

1. a scratch PostgreSQL database with the demo content, a private Redis on its own
   port, and gunicorn (2 workers) with the production settings against both;
2. 60 s of concurrent anonymous load with wrk over five public pages, while
   - at 15 s Redis is stopped, and at 30 s started again,
   - at 40 s every PostgreSQL connection of the site is terminated once;
3. /healthz is polled every 0.2 s throughout, to time how long recovery takes.

It prints requests served, errors by kind, p50/p99 latency and seconds to recover.
Nothing is restarted by hand: the site must recover by itself.

    uv run python bench/fault_load.py [--database-url postgres://postgres@127.0.0.1:5432/lab_site_fault]
"""

# The script starts fixed local programs (redis-server, gunicorn, wrk) with arguments it
# builds itself, on loopback: no untrusted input reaches a command line.
# ruff: noqa: S603, S607

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from common import database_name, log, wait_for, with_database  # noqa: E402

PAGES = [
    "/",
    "/publications/",
    "/publications/omnigrok-grokking-beyond-algorithmic-data/",
    "/people/",
    "/research/",
]
WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do io.write(string.format("STATUS %%d %%d\\n", status, count)) end
  io.write(string.format("P50 %%d\\nP99 %%d\\n", latency:percentile(50), latency:percentile(99)))
  io.write(string.format("ERRORS connect=%%d read=%%d write=%%d timeout=%%d status=%%d\\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  io.write(string.format("TOTAL %%d\\n", summary.requests))
end
"""


def recreate_database(url):
    import psycopg

    name = database_name(url)
    admin_url = with_database(url, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def terminate_connections(url):
    import psycopg

    name = database_name(url)
    admin_url = with_database(url, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def start_redis(port):
    return subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class HealthProbe(threading.Thread):
    """Polls /healthz and keeps (seconds since start, status, body)."""

    def __init__(self, url, start):
        super().__init__(daemon=True)
        self.url, self.start_time, self.samples, self.running = url, start, [], True

    def run(self):
        while self.running:
            at = time.monotonic() - self.start_time
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:  # noqa: S310
                    self.samples.append((at, response.status, response.read().decode()))
            except urllib.error.HTTPError as error:
                self.samples.append((at, error.code, error.read().decode()))
            except (urllib.error.URLError, OSError) as error:
                self.samples.append((at, 0, str(error)))
            time.sleep(0.2)

    def recovered_after(self, moment, component=None):
        """Seconds from ``moment`` to the first healthy answer after it (None: never)."""
        for at, status, body in self.samples:
            if at < moment:
                continue
            healthy = status == 200
            if component and status in (200, 503):
                healthy = json.loads(body).get(component) == "ok"
            if healthy:
                return at - moment
        return None

    def unhealthy_between(self, first, last):
        return sum(1 for at, status, _ in self.samples if first <= at < last and status != 200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/lab_site_fault"
    )
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk).")
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed (apt-get install redis-server).")

    base = f"http://127.0.0.1:{options.port}"
    redis_url = f"redis://127.0.0.1:{options.redis_port}/0"
    static_root = tempfile.mkdtemp(prefix="lab-site-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lab_site.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": options.database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "ERROR",
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }

    log(f"Preparing {options.database_url} with the demo content")
    recreate_database(options.database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput")

    redis = start_redis(options.redis_port)
    server_log = open(Path(static_root) / "gunicorn.log", "w+")  # noqa: SIM115 (read at the end)
    gunicorn = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
            "--bind", f"127.0.0.1:{options.port}", "--workers", "2", "--error-logfile", "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stderr=server_log,
    )  # fmt: skip
    try:
        wait_for(base + "/healthz")
        for path in PAGES:  # every page answers before the clock starts
            wait_for(base + path)
        script = Path(static_root) / "paths.lua"
        script.write_text(WRK_SCRIPT % {"paths": ", ".join(f'"{path}"' for path in PAGES)})

        start = time.monotonic()
        probe = HealthProbe(base + "/healthz", start)
        probe.start()
        log(f"Load: wrk, {options.connections} connections, {options.duration} s")
        wrk = subprocess.Popen(
            [
                "wrk", "-t2", f"-c{options.connections}", f"-d{options.duration}s",
                "--timeout", "5s", "--latency", "-s", str(script), base,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        events = {}
        scale = options.duration / 60
        time.sleep(15 * scale)
        events["redis stopped"] = time.monotonic() - start
        redis.terminate()
        redis.wait()
        log("Redis stopped")
        time.sleep(15 * scale)
        events["redis started"] = time.monotonic() - start
        redis = start_redis(options.redis_port)
        log("Redis started again")
        time.sleep(10 * scale)
        events["postgres dropped"] = time.monotonic() - start
        killed = terminate_connections(options.database_url)
        log(f"PostgreSQL: terminated {killed} connections of the site")
        output, _ = wrk.communicate(timeout=options.duration + 30)
        time.sleep(1)
        probe.running = False
        probe.join()
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        redis.terminate()
        server_log.seek(0)
        logged = server_log.read()
        server_log.close()
        shutil.rmtree(static_root, ignore_errors=True)

    statuses = {int(code): int(count) for code, count in re.findall(r"STATUS (\d+) (\d+)", output)}
    errors = dict(re.findall(r"(\w+)=(\d+)", re.search(r"ERRORS (.*)", output).group(1)))
    total = int(re.search(r"TOTAL (\d+)", output).group(1))
    p50 = int(re.search(r"P50 (\d+)", output).group(1)) / 1000
    p99 = int(re.search(r"P99 (\d+)", output).group(1)) / 1000
    redis_recovery = probe.recovered_after(events["redis started"], "cache")
    postgres_recovery = probe.recovered_after(events["postgres dropped"], "database")

    print()
    print(f"Fault and load test: {options.duration} s, {options.connections} connections, "
          f"gunicorn 2 workers, PostgreSQL + Redis on loopback")  # fmt: skip
    print(f"  requests served        {total:>10,}  ({total / options.duration:,.0f}/s)")
    for code in sorted(statuses):
        print(f"  HTTP {code}               {statuses[code]:>10,}")
    for kind in ("connect", "read", "write", "timeout"):
        print(f"  socket errors: {kind:<8}{int(errors[kind]):>10,}")
    print(f"  latency p50            {p50:>10.1f} ms")
    print(f"  latency p99            {p99:>10.1f} ms")
    for name, moment in events.items():
        print(f"  {name:<22} at {moment:5.1f} s")
    outage = probe.unhealthy_between(events["redis stopped"], events["redis started"])
    print(f"  /healthz 503 while Redis was down: {outage} of "
          f"{sum(1 for at, *_ in probe.samples if events['redis stopped'] <= at < events['redis started'])} probes")  # fmt: skip
    print(f"  seconds to recover after Redis restart     {_seconds(redis_recovery)}")
    print(f"  seconds to recover after PostgreSQL drop   {_seconds(postgres_recovery)}")
    print(f"  cache failures logged by the site         {logged.count('ConnectionInterrupted'):,}")
    recovered = redis_recovery is not None and postgres_recovery is not None
    print("  recovered by itself, no restart: " + ("yes" if recovered else "NO"))
    return 0 if recovered else 1


def _seconds(value):
    return "never" if value is None else f"{value:.1f}"


if __name__ == "__main__":
    sys.exit(main())
