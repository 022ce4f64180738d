"""`make bench`: every public page measured against baselines, printed as one table.

Parts (each figure a median of several runs; comparisons are ratios within this run):
  1. pages:      SQL queries and median uncached render time of each public page type, at
                 50, 1,000 and 10,000 publications with 8 and 300 members (bench/pages.py);
  2. http:       wrk against gunicorn (2 workers, production settings): home, publication
                 list and a paper, uncached and cached, beside a bare Wagtail page (the
                 framework's floor) and nginx serving saved copies of the same HTML (the
                 machine's limit);
  3. lighthouse: Lighthouse (mobile preset) on Debian's Chromium: scores, transferred
                 bytes, bytes without images, JavaScript bytes;
  4. import:     a 10,000-entry BibTeX import, and the BibTeX export of the same list;
  5. latex:      the LaTeX conversion of one title or abstract at growing lengths, by shape
                 of text (bench/latex.py): time per doubling of the length (2 = linear);
  6. static:     the static copy (publish_static) at 1,000 and 10,000 publications: a full
                 build (seconds, pages per second), the time from Publish of one paper to
                 the change being in the copy, wrk on home, list and paper through the
                 documented nginx setup (deploy/nginx/lab-site.conf, gunicorn behind)
                 against nginx serving the same files directly, and Lighthouse on the copy;
  7. cv:         a member's CV with 100 papers (bench/cv.py): its page, its JSON Resume and
                 its PDF (the first in a process, which reads the fonts; then each), in ms;
  8. collaboration: the collaborations picture at 1,000 papers and 300 members
                 (bench/collaboration.py): reading the papers, the layout, the SVG, the page.

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lab_site_bench;
its databases named lab_site_bench* are dropped and made again), wrk, nginx, chromium and
`npm ci`; a part whose tool is missing says so and is skipped. Loopback only.

    uv run python bench/run.py [--parts pages,http,lighthouse,import,latex,static,cv,collaboration] [--quick] [--json FILE]
"""

import argparse
import contextlib
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

sys.path.insert(0, str(ROOT))
from common import database_name, log, wait_for, with_database  # noqa: E402
from pages import production_environment  # noqa: E402

from tools import nginx as nginx_tools  # noqa: E402

PYTHON = sys.executable
SCENARIOS = [(50, 8), (1_000, 8), (10_000, 8), (50, 300), (1_000, 300), (10_000, 300)]
QUICK_SCENARIOS = [(50, 8), (1_000, 60)]
HIGHLIGHTS = 12
PAGE_TYPES = [
    "home",
    "people",
    "member",
    "research",
    "highlight",
    "publications",
    "filtered list",
    "search",
    "paper",
    "feed",
    "sitemap",
    "news",
    "news item",
    "news feed",
    "events",
    "event",
    "calendar",
    "projects",
    "project",
    "openings",
    "opening",
]
LIGHTHOUSE_PAGES = [
    "home",
    "people",
    "member",
    "publications",
    "paper",
    "research",
    "news",
    "events",
]
HTTP_PAGES = ["home", "publications", "paper"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
GZIP = {"Accept-Encoding": "gzip"}


# --- databases ----------------------------------------------------------------------------


class Databases:
    def __init__(self, url):
        self.url = url
        self.name = database_name(url)
        self.admin_url = with_database(url, "postgres")
        self.made = []  # every database this run made, dropped at its end (``drop_all``)

    def url_for(self, name):
        return with_database(self.url, name)

    def execute(self, *statements):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def create(self, name, template=None):
        if name not in self.made:
            self.made.append(name)
        self.execute(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""),
        )
        return self.url_for(name)

    def analyze(self, url):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")

    def drop(self, name):
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self):
        """Every database this run made, whatever sizes it ran (``--quick``, ``--sizes``)
        and wherever it stopped; the template last (the others were made from it)."""
        for name in reversed(self.made):
            with contextlib.suppress(Exception):
                self.drop(name)


def python(script, *args, database_url, media=None, page_cache=True, environment=None):
    """Run a script of the project with the production settings (and ``environment``);
    its standard output."""
    extra = {"DATABASE_URL": database_url, **(environment or {})}
    if not page_cache:
        extra["PAGE_CACHE_SECONDS"] = "0"
    environment = {**os.environ, **production_environment(**extra)}
    if media:
        environment["MEDIA_ROOT"] = str(media)
    result = subprocess.run(
        [PYTHON, script, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"{script} {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def manage(database_url, *args, media=None, environment=None):
    return python(
        "manage.py", *args, database_url=database_url, media=media, environment=environment
    )


def timed_manage(database_url, *args, media=None, environment=None):
    started = time.perf_counter()
    manage(database_url, *args, media=media, environment=environment)
    return time.perf_counter() - started


# --- part 1: pages ------------------------------------------------------------------------


def static_scenarios(scenarios):
    """The sites the static part publishes: each size of 1,000 papers or more, with its
    fewest members."""
    chosen = {}
    for size, members in scenarios:
        if size >= 1_000 and members <= chosen.get(size, members):
            chosen[size] = members
    return sorted(chosen.items())


def run_pages(databases, template, scenarios, media, runs, keep=()):
    """Each site of ``scenarios`` generated and its pages measured; the largest site and
    those in ``keep`` stay for the parts after this one, the others are dropped."""
    results = []
    for publications, members in scenarios:
        name = f"{databases.name}_{publications}_{members}"
        url = databases.create(name, template)
        # The search index is built once at the end, as after a bulk load, not per page.
        seconds = timed_manage(
            url,
            "generate_fake_content",
            f"--publications={publications}",
            f"--members={members}",
            f"--highlights={HIGHLIGHTS}",
            "--seed=1",
            media=media,
            environment={"SEARCH_AUTO_UPDATE": "false"},
        )
        indexing = timed_manage(url, "update_index", media=media)
        log(
            f"generated {publications:,} publications, {members} members in {seconds:.1f} s, "
            f"indexed them in {indexing:.1f} s"
        )
        # Fresh statistics, as autovacuum would gather soon after: without them PostgreSQL
        # plans for the tables as they were before the thousands of new rows.
        databases.analyze(url)
        output = python(
            "bench/pages.py", f"--runs={runs}", database_url=url, media=media, page_cache=False
        )
        pages = json.loads(output.strip().splitlines()[-1])
        results.append(
            {
                "publications": publications,
                "members": members,
                "generate_s": seconds,
                "index_s": indexing,
                "pages": pages,
            }
        )
        if (publications, members) != scenarios[-1] and (publications, members) not in keep:
            databases.drop(name)
    return results


# --- part 2: http -------------------------------------------------------------------------


free_port = nginx_tools.free_port


@contextlib.contextmanager
def gunicorn(database_url, media, *, cached):
    port = free_port()
    extra = {
        "DATABASE_URL": database_url,
        "PAGE_CACHE_SECONDS": "600" if cached else "0",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    if cached and _reachable(redis_url):
        extra["REDIS_URL"] = redis_url
    environment = {**os.environ, **production_environment(**extra), "MEDIA_ROOT": str(media)}
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _reachable(redis_url):
    parts = urlsplit(redis_url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def nginx(pages_html):
    """nginx (2 workers) serving ``{path: html}`` as static files."""
    folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    folder.chmod(0o755)  # nginx's workers run as an unprivileged user
    for name, html in pages_html.items():
        (folder / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "site" / name).write_bytes(html)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    try:
        with nginx_tools.running(nginx_tools.direct_server(folder / "site"), workers=2) as base:
            wait_for(f"{base}/{next(iter(pages_html))}")
            yield base
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def wrk(url, seconds, connections=8):
    # As browsers do: every server here answers compressed when asked.
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"wrk {url}: {errors.group(1)} error responses")
    return {
        "rps": rate,
        "p50_ms": _milliseconds(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": _milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
    }


def _milliseconds(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_http(database_url, media, urls, rounds, seconds):
    manage(database_url, "shell", "-c", BARE_PAGE_SCRIPT)
    targets = {name: urls[name] for name in HTTP_PAGES}
    targets["bare Wagtail page"] = "/bare/"
    samples = {}
    for cached in (False, True):
        mode = "cached" if cached else "uncached"
        with gunicorn(database_url, media, cached=cached) as base:
            for path in targets.values():  # warm up: renditions, caches, each worker
                for _ in range(4):
                    urlopen(Request(base + path, headers=GZIP), timeout=60).read()  # noqa: S310
            for _ in range(rounds):
                for name, path in targets.items():
                    samples.setdefault((name, mode), []).append(wrk(base + path, seconds))
            html = {}
            for name in HTTP_PAGES:
                request = Request(base + urls[name], headers=GZIP)  # noqa: S310
                with urlopen(request, timeout=60) as response:  # noqa: S310
                    body = response.read()
                    compressed = response.headers.get("Content-Encoding") == "gzip"
                html[f"{name}.html"] = gzip.decompress(body) if compressed else body
                if compressed:
                    html[f"{name}.html.gz"] = body
    with nginx(html) as base:
        for _ in range(rounds):
            for name in HTTP_PAGES:
                samples.setdefault((name, "nginx"), []).append(wrk(f"{base}/{name}.html", seconds))
    return {
        f"{name}|{mode}": {
            key: statistics.median(sample[key] for sample in runs)
            for key in ("rps", "p50_ms", "p99_ms")
        }
        for (name, mode), runs in samples.items()
    }


BARE_PAGE_SCRIPT = """
from wagtail.models import Page, Site
home = Site.objects.get(is_default_site=True).root_page
if not Page.objects.child_of(home).filter(slug="bare").exists():
    home.add_child(instance=Page(title="Bare Wagtail page", slug="bare")).save_revision().publish()
"""


# --- part 6: the static copy --------------------------------------------------------------

PUBLISH_ONE_PAPER = """
import threading, time
from publications.models import PublicationPage
from publishing.models import StaticCopy

def publish(paper):
    # Seconds until the paper's page on the copy shows the change (watched from beside),
    # and until the whole update (lists, exports, feeds, search index) is done.
    marker = f"(revised {time.time_ns()})"
    paper.title = paper.title + " " + marker
    target = StaticCopy.objects.get().folder + paper.url + "index.html"
    seen, done = [], threading.Event()
    def watch():
        while not done.is_set() and not seen:
            if marker in open(target).read():
                seen.append(time.perf_counter())
            time.sleep(0.005)
    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    paper.save_revision().publish()  # the immediate task backend updates the copy on commit
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    copy = StaticCopy.objects.get()
    assert not copy.last_error, copy.last_error
    assert marker in open(target).read()
    return (seen[0] if seen else time.perf_counter()) - started, elapsed, copy.last_kind

papers = PublicationPage.objects.live().order_by("-publication_date")
first = publish(papers[0])  # a fresh process, as the first task after a worker starts
again = publish(papers[1])  # the worker's next task
print(first[0], first[1], again[0], again[1], first[2])
"""


def _timed_build(database_url, out, base_url, media, environment):
    """Seconds of one whole ``publish_static`` into ``out``."""
    started = time.perf_counter()
    manage(
        database_url,
        "publish_static",
        str(out),
        "--base-url",
        base_url,
        media=media,
        environment=environment,
    )
    return time.perf_counter() - started


def run_static(database_urls, media, urls, seconds, rounds, bare_ms=None):
    """Per size: a cold build (a new process, nothing derived yet), a warm build (the same
    command again, nothing changed: what it reads was made by the first), a publish of one
    paper and the next, and a build after those publishes (every fragment of every page
    stale, the per-paper entries, citations and renditions not); each build also as a
    ratio to its floor, the pages times a bare Wagtail page's render time (``bare_ms``:
    {size: ms}, from the pages part)."""
    results = {}
    for size, database_url in database_urls.items():
        folder = Path(tempfile.mkdtemp(prefix="bench-static-"))
        folder.chmod(0o755)
        out = folder / "public"
        port = nginx_tools.free_port()
        base_url = f"http://127.0.0.1:{port}/"
        # As documented for production: Redis as the shared cache, when it runs here.
        redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
        shared = {"REDIS_URL": redis_url} if _reachable(redis_url) else {}
        if shared:  # cold: nothing an earlier run derived (the bench's own Redis database)
            import redis

            redis.Redis.from_url(redis_url).flushdb()

        full = _timed_build(database_url, out, base_url, media, shared)
        pages = sum(1 for _ in out.rglob("*.html"))
        files = sum(1 for path in out.rglob("*") if path.is_file())
        warm = _timed_build(database_url, out, base_url, media, shared)
        output = manage(
            database_url, "shell", "-c", PUBLISH_ONE_PAPER, media=media, environment=shared
        )
        *times, kind = output.strip().splitlines()[-1].split(maxsplit=4)  # after the banner
        page_first, all_first, page_again, all_again = map(float, times)
        # Again after the publishes: every page's fragments are stale.
        edited = _timed_build(database_url, out, base_url, media, shared)
        bare = (bare_ms or {}).get(str(size))
        floor = pages * bare / 1000 if bare else None
        figures = {
            "full_build_s": full,
            "warm_build_s": warm,
            "html_pages": pages,
            "files": files,
            "pages_per_s": pages / full,
            "warm_pages_per_s": pages / warm,
            "edited_build_s": edited,
            "edited_pages_per_s": pages / edited,
            "floor_s": floor,
            "cold_x_floor": full / floor if floor else None,
            "warm_x_floor": warm / floor if floor else None,
            "edited_x_floor": edited / floor if floor else None,
            "publish_one_paper_page_s": page_first,
            "publish_one_paper_s": all_first,
            "publish_next_paper_page_s": page_again,
            "publish_next_paper_s": all_again,
            "publish_rendered": kind,
            "shared_cache": "Redis" if shared else "local memory",
        }
        if size == max(database_urls) and shutil.which("nginx") and shutil.which("wrk"):
            figures.update(_static_http(database_url, media, urls, out, port, seconds, rounds))
            if lighthouse_command() and Path(CHROMIUM).exists():
                figures["lighthouse"] = _static_lighthouse(out, port, urls)
        for path in [out, *out.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder, ignore_errors=True)
        manage(
            database_url,
            "shell",
            "-c",
            "from publishing.models import StaticCopy; StaticCopy.objects.all().delete()",
        )
        results[str(size)] = figures
    return results


def _static_http(database_url, media, urls, out, port, seconds, rounds):
    for path in [out, *out.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    samples = {}
    # Both servers run side by side and take turns, page by page and round by round, so a
    # slow spell of the machine (two cores shared with wrk) falls on both alike.
    with contextlib.ExitStack() as stack:
        upstream = stack.enter_context(gunicorn(database_url, media, cached=True))
        config = nginx_tools.production_server(out, upstream.removeprefix("http://"))
        servers = {
            "documented": stack.enter_context(nginx_tools.running(config, port=port, workers=2)),
            "direct": stack.enter_context(
                nginx_tools.running(nginx_tools.direct_server(out), workers=2)
            ),
        }
        for _ in range(rounds):
            for name in HTTP_PAGES:
                for setup, base in servers.items():
                    samples.setdefault(f"{name}|{setup}", []).append(
                        wrk(base + urls[name], seconds)
                    )
    figures = {
        key: statistics.median(sample["rps"] for sample in runs) for key, runs in samples.items()
    }
    for name in HTTP_PAGES:
        figures[f"{name}|ratio"] = figures[f"{name}|documented"] / figures[f"{name}|direct"]
    return {"http": figures}


STATIC_LIGHTHOUSE_PAGES = ["home", "people", "member", "publications", "paper", "research"]


def _static_lighthouse(out, port, urls):
    results = {}
    with nginx_tools.running(nginx_tools.direct_server(out), port=port, workers=2) as base:
        command = lighthouse_command()
        for name in STATIC_LIGHTHOUSE_PAGES:
            report, error = _lighthouse(command, base + urls[name])
            results[name] = report or {"error": error}
    return results


# --- part 3: lighthouse -------------------------------------------------------------------


def lighthouse_command():
    local = ROOT / "node_modules" / ".bin" / "lighthouse"
    return str(local) if local.exists() else None


def run_lighthouse(database_url, media, urls, runs):
    command = lighthouse_command()
    results = {}
    with gunicorn(database_url, media, cached=True) as base:
        for name in LIGHTHOUSE_PAGES:
            reports, errors = [], []
            for _ in range(runs):
                report, error = _lighthouse(command, base + urls[name])
                if report:
                    reports.append(report)
                else:
                    errors.append(error)
            if not reports:  # the page is reported as failed; the other pages are kept
                results[name] = {"error": errors[-1]}
                continue
            results[name] = {
                key: statistics.median(report[key] for report in reports)
                for key in reports[0]
                if key not in {"failing", "console"}
            }
            for key in ("failing", "console"):
                results[name][key] = sorted({item for report in reports for item in report[key]})
    return results


def _lighthouse(command, url, attempts=3):
    """(figures, None) of one Lighthouse run, or (None, error) when every attempt failed.

    Lighthouse sometimes fails to record the trace of a page load (NO_NAVSTART, a known
    flake of headless Chrome): the run is tried again with a fresh profile.
    """
    error = ""
    for _ in range(attempts):
        with tempfile.TemporaryDirectory() as profile:
            output = subprocess.run(
                [
                    command,
                    url,
                    "--output=json",
                    "--quiet",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
                    "--disable-background-networking --disable-component-update "
                    f"--disable-sync --no-first-run --user-data-dir={profile}",
                ],
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                capture_output=True,
                text=True,
                check=False,
            )
        if not output.returncode:
            return _lighthouse_figures(json.loads(output.stdout)), None
        lines = output.stderr.strip().splitlines()
        error = lines[-1] if lines else f"exit status {output.returncode}"
        log(f"lighthouse {url}: {error}")
    return None, error


def _lighthouse_figures(report):
    categories = report["categories"]
    requests = report["audits"]["network-requests"]["details"]["items"]
    failing = [
        f"{category_id}:{ref['id']}"
        for category_id, category in categories.items()
        for ref in category["auditRefs"]
        if ref["weight"] > 0
        and (report["audits"][ref["id"]].get("score") or 0) < 1
        and report["audits"][ref["id"]]["scoreDisplayMode"] in {"binary", "numeric"}
    ]
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "best-practices": round(categories["best-practices"]["score"] * 100),
        "seo": round(categories["seo"]["score"] * 100),
        "transferred": sum(item.get("transferSize", 0) for item in requests),
        "without_images": sum(
            item.get("transferSize", 0) for item in requests if item.get("resourceType") != "Image"
        ),
        "javascript": sum(
            item.get("transferSize", 0) for item in requests if item.get("resourceType") == "Script"
        ),
        "failing": failing,
        # The simulated timings the performance score is made of, and what the console said.
        **{
            key: report["audits"][audit]["numericValue"]
            for key, audit in (
                ("fcp_ms", "first-contentful-paint"),
                ("lcp_ms", "largest-contentful-paint"),
                ("tbt_ms", "total-blocking-time"),
            )
        },
        "console": [
            f"{item.get('source', '')}: {item.get('description', '')}"[:200]
            for item in report["audits"]["errors-in-console"].get("details", {}).get("items", [])
        ],
    }


# --- part 4: import -----------------------------------------------------------------------


def run_import(databases, template, media, count):
    from generate_bibtex import generate

    url = databases.create(f"{databases.name}_import", template)
    manage(url, "load_demo_content", media=media)  # the site as `make run` sets it up
    with tempfile.NamedTemporaryFile("w", suffix=".bib", delete=False) as handle:
        handle.write(generate(count, seed=3, start=200_000))
    try:
        output = python(
            "bench/import_export.py", handle.name, database_url=url, media=media, page_cache=False
        )
    finally:
        os.unlink(handle.name)
    databases.drop(f"{databases.name}_import")
    return json.loads(output.strip().splitlines()[-1])


# --- the table ----------------------------------------------------------------------------


def _size(result):
    return f"{result['publications']:,} p, {result['members']} m"


def run_latex():
    """bench/latex.py in its own process: ms per shape of text and length."""
    result = subprocess.run(  # noqa: S603 - the project's own script
        [PYTHON, "bench/latex.py"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"bench/latex.py failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_cv():
    """bench/cv.py in its own process (a scratch SQLite database): the CV's figures."""
    result = subprocess.run(  # noqa: S603 - the project's own script
        [PYTHON, "bench/cv.py"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"bench/cv.py failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_collaboration():
    """bench/collaboration.py in its own process (a scratch SQLite database)."""
    result = subprocess.run(  # noqa: S603 - the project's own script
        [PYTHON, "bench/collaboration.py"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"bench/collaboration.py failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def collaboration_table(figures):
    return [
        f"8. The collaborations picture, {figures['papers']:,} papers and {figures['members']} "
        f"members ({figures['nodes']} nodes, {figures['edges_drawn']} links drawn, "
        f"{figures['edges_left_out']:,} left out, {figures['labels']} labels, "
        f"SVG {figures['svg_kb']:.0f} kB): reading the papers {figures['read_ms']:.0f} ms, "
        f"layout {figures['layout_ms']:.0f} ms, SVG {figures['svg_ms']:.0f} ms; the page "
        f"uncached {figures['page_ms']:.0f} ms, cached {figures['page_cached_ms']:.1f} ms; "
        f"a member's {figures['member_page_ms']:.0f} ms"
    ]


def cv_table(figures):
    return [
        f"7. A member's CV with {figures['papers']} papers: page {figures['page_ms']:.0f} ms, "
        f"JSON Resume {figures['json_resume_ms']:.0f} ms, PDF {figures['pdf_ms']:.0f} ms "
        f"({figures['pdf_pages']} pages, {figures['pdf_kb']:.0f} kB; the first in a process "
        f"{figures['pdf_first_ms']:.0f} ms, reading the fonts; from the cache "
        f"{figures['pdf_cached_ms']:.1f} ms)"
    ]


def latex_table(figures):
    lengths = list(next(iter(figures.values())))
    lines = [
        "5. LaTeX conversion of one text (render and plain text, cold): ms by length, "
        "and × per doubling (2 = linear)",
        f"{'text':<22}" + "".join(f"{int(n):>10,}" for n in lengths) + f"{'× / 2×':>9}",
    ]
    for shape, times in figures.items():
        values = [times[n] for n in lengths]
        growth = (values[-1] / values[0]) ** (1 / (len(values) - 1)) if values[0] else 0
        lines.append(f"{shape:<22}" + "".join(f"{v:>10.1f}" for v in values) + f"{growth:>9.2f}")
    return lines


def static_table(figures):
    lines = ["6. The static copy (publish_static)"]
    for size, result in figures.items():
        lines.append(
            f"{int(size):,} publications: full build cold {result['full_build_s']:.1f} s for "
            f"{result['html_pages']:,} pages ({result['files']:,} files), "
            f"{result['pages_per_s']:.1f} pages/s ({result['shared_cache']} cache)"
        )
        if "warm_build_s" in result:
            floor = result.get("floor_s")
            lines.append(
                f"  warm {result['warm_build_s']:.1f} s, {result['warm_pages_per_s']:.1f} pages/s"
                + (
                    f"; floor (pages × a bare page) {floor:.1f} s: cold "
                    f"{result['cold_x_floor']:.1f}× / warm {result['warm_x_floor']:.1f}× the floor"
                    if floor
                    else ""
                )
            )
        if "edited_build_s" in result:
            lines.append(
                f"  after the publishes below (every page's fragments stale) "
                f"{result['edited_build_s']:.1f} s, {result['edited_pages_per_s']:.1f} pages/s"
                + (f", {result['edited_x_floor']:.1f}× the floor" if result.get("floor_s") else "")
            )
        lines.append(
            f"  Publish of one paper: its page on the copy after "
            f"{result['publish_one_paper_page_s']:.2f} s, all done "
            f"({result['publish_rendered']}, search index) after "
            f"{result['publish_one_paper_s']:.2f} s; the next paper "
            f"{result['publish_next_paper_page_s']:.2f} s / {result['publish_next_paper_s']:.2f} s"
        )
        http = result.get("http")
        if http:
            lines.append(f"{'page':<14}{'documented':>12}{'direct':>10}{'ratio':>8}   (req/s)")
            for name in HTTP_PAGES:
                lines.append(
                    f"{name:<14}{http[name + '|documented']:>12.0f}{http[name + '|direct']:>10.0f}"
                    f"{http[name + '|ratio']:>8.2f}"
                )
        for name, scores in result.get("lighthouse", {}).items():
            if "error" in scores:
                lines.append(f"Lighthouse {name}: failed ({scores['error'][:80]})")
            else:
                lines.append(
                    f"Lighthouse {name}: {scores['performance']} / {scores['accessibility']} / "
                    f"{scores['best-practices']} / {scores['seo']}"
                    + (f" failing {', '.join(scores['failing'])}" if scores["failing"] else "")
                )
    return lines


def table(results):
    lines = []
    if results.get("static"):
        lines += [*static_table(results["static"]), ""]
    if results.get("latex"):
        lines += [*latex_table(results["latex"]), ""]
    if results.get("cv"):
        lines += [*cv_table(results["cv"]), ""]
    if results.get("collaboration"):
        lines += [*collaboration_table(results["collaboration"]), ""]
    pages = results.get("pages")
    if pages:
        lines.append("1. Public pages, uncached: SQL queries / median server render time (ms)")
        header = f"{'page':<14}" + "".join(f"{_size(result):>17}" for result in pages)
        lines.append(header)
        for page in PAGE_TYPES:
            row = f"{page:<14}"
            for result in pages:
                figures = result["pages"][page]
                cell = f"{figures['queries']} q {figures['ms']:.1f} ms"
                row += f"{cell:>17}"
            lines.append(row)
        lines.append(
            "generated in  " + "".join(f"{result['generate_s']:>15.1f} s" for result in pages)
        )
        lines.append("")
        lines.append(
            "1b. × a bare Wagtail page rendered in turn: as shipped (fragment caches warm) / "
            "fragment caches off (queries off)"
        )
        lines.append(f"{'page':<14}" + "".join(f"{_size(result):>21}" for result in pages))
        for page in PAGE_TYPES:
            row = f"{page:<14}"
            for result in pages:
                figures = result["pages"][page]
                off = figures.get("off")
                if "x_bare" not in figures or not off:
                    row += f"{'—':>21}"
                    continue
                cell = f"{figures['x_bare']:.1f}× / {off['x_bare']:.1f}× ({off['queries']} q)"
                row += f"{cell:>21}"
            lines.append(row)
        lines.append(
            "bare page     "
            + "".join(f"{result['pages']['home'].get('bare_ms', 0):>18.2f} ms" for result in pages)
        )
        lines.append("")
    http = results.get("http")
    if http:
        lines.append(
            "2. wrk, 8 connections, gunicorn 2 workers: requests/s, p50 / p99 ms, "
            "and ratios to the baselines"
        )
        lines.append(
            f"{'page':<20}{'mode':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'× bare':>9}{'× nginx':>9}"
        )
        for name in [*HTTP_PAGES, "bare Wagtail page"]:
            for mode in ("uncached", "cached"):
                figures = http[f"{name}|{mode}"]
                bare = http[f"bare Wagtail page|{mode}"]["rps"]
                nginx_figures = http.get(f"{name}|nginx") or http["home|nginx"]
                lines.append(
                    f"{name:<20}{mode:<10}{figures['rps']:>9.0f}{figures['p50_ms']:>9.1f}"
                    f"{figures['p99_ms']:>9.1f}{figures['rps'] / bare:>9.2f}"
                    f"{figures['rps'] / nginx_figures['rps']:>9.3f}"
                )
        for name in HTTP_PAGES:
            figures = http[f"{name}|nginx"]
            lines.append(
                f"{name:<20}{'nginx':<10}{figures['rps']:>9.0f}{figures['p50_ms']:>9.1f}"
                f"{figures['p99_ms']:>9.1f}"
            )
        lines.append("")
    lighthouse = results.get("lighthouse")
    if lighthouse:
        lines.append("3. Lighthouse, mobile preset (Debian Chromium); bytes transferred")
        lines.append(
            f"{'page':<14}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}"
            f"{'all KB':>9}{'no img KB':>11}{'JS KB':>8}{'FCP ms':>8}{'LCP ms':>8}{'TBT ms':>8}"
            "  below 100"
        )
        for name, figures in lighthouse.items():
            if "error" in figures:
                lines.append(f"{name:<14}failed: {figures['error']}")
                continue
            lines.append(
                f"{name:<14}{figures['performance']:>6.0f}{figures['accessibility']:>6.0f}"
                f"{figures['best-practices']:>6.0f}{figures['seo']:>6.0f}"
                f"{figures['transferred'] / 1024:>9.1f}{figures['without_images'] / 1024:>11.1f}"
                f"{figures['javascript'] / 1024:>8.1f}{figures.get('fcp_ms', 0):>8.0f}"
                f"{figures.get('lcp_ms', 0):>8.0f}{figures.get('tbt_ms', 0):>8.0f}"
                f"  {', '.join(figures['failing']) or '-'}"
            )
            lines.extend(f"{'':<14}console: {message}" for message in figures.get("console", []))
        lines.append("")
    imported = results.get("import")
    if imported:
        lines.append(
            f"4. BibTeX: import of {imported['entries']:,} entries {imported['import_s']:.1f} s "
            f"({imported['entries'] / imported['import_s']:.0f} entries/s); export of the "
            f"{imported['exported']:,}-paper list {imported['export_ms']:.0f} ms "
            f"({imported['export_bytes'] / 1e6:.1f} MB)"
        )
    for name, message in results.get("failed", {}).items():
        lines.append(f"FAILED: part {name}: {message.strip().splitlines()[-1]}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--parts", default="pages,http,lighthouse,import,latex,static,cv,collaboration"
    )
    parser.add_argument(
        "--quick", action="store_true", help="Two sizes, fewer runs (a minute or two)."
    )
    parser.add_argument(
        "--json", help="Write the figures to this file (default bench/last-run.json)."
    )
    parser.add_argument(
        "--sizes",
        help="Only these sites, as papers x members: --sizes 1000x8,10000x8 (the largest "
        "is the one measured over HTTP).",
    )
    arguments = parser.parse_args()
    parts = set(arguments.parts.split(","))
    started = time.monotonic()

    databases = Databases(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lab_site_bench")
    )
    missing = [tool for tool in ("wrk", "nginx") if "http" in parts and not shutil.which(tool)]
    if "lighthouse" in parts and not (lighthouse_command() and Path(CHROMIUM).exists()):
        missing.append("lighthouse (npm ci) and chromium")
        parts.discard("lighthouse")
    if missing:
        log(f"skipping what needs: {', '.join(missing)} (apt-get install wrk nginx chromium)")
        parts -= {"http"} if {"wrk", "nginx"} & set(missing) else set()

    media = Path(tempfile.mkdtemp(prefix="bench-media-"))
    template = f"{databases.name}_template"
    results = {}
    saved = Path(arguments.json or ROOT / "bench" / "last-run.json")

    def part(name, function, *args, **kwargs):
        """Run one part; keep and show its figures at once, so a later failure loses nothing."""
        try:
            results[name] = function(*args, **kwargs)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - reported, the rest goes on
            results.setdefault("failed", {})[name] = str(error)[-2000:] or repr(error)
            log(f"part {name} failed: {results['failed'][name]}")
            return None
        saved.write_text(json.dumps(results, indent=2))
        log(f"part {name} done; figures so far in {saved}:\n{table({name: results[name]})}")
        return results[name]

    try:
        databases.create(template)
        manage(databases.url_for(template), "migrate", "--noinput")
        manage(databases.url_for(template), "collectstatic", "--noinput", "-v0")
        log("migrated the template database")
        scenarios = QUICK_SCENARIOS if arguments.quick else SCENARIOS
        if arguments.sizes:
            wanted = {tuple(map(int, size.split("x"))) for size in arguments.sizes.split(",")}
            scenarios = [scenario for scenario in scenarios if scenario in wanted] or sorted(wanted)
        runs = 5 if arguments.quick else 7
        pages = None
        keep = static_scenarios(scenarios) if "static" in parts else ()
        if parts & {"pages", "http", "lighthouse", "static"}:
            pages = part("pages", run_pages, databases, template, scenarios, media, runs, keep)
        if pages:
            largest = pages[-1]
            url = databases.url_for(
                f"{databases.name}_{largest['publications']}_{largest['members']}"
            )
            urls = {name: figures["url"] for name, figures in largest["pages"].items()}
            if "pages" not in parts:
                del results["pages"]
            if "http" in parts:
                log("wrk against gunicorn and nginx")
                part(
                    "http",
                    run_http,
                    url,
                    media,
                    urls,
                    rounds=2 if arguments.quick else 3,
                    seconds=2,
                )
            if "lighthouse" in parts:
                log("Lighthouse")
                part(
                    "lighthouse", run_lighthouse, url, media, urls, runs=1 if arguments.quick else 2
                )
        if pages and "static" in parts:
            log("the static copy")
            part(
                "static",
                run_static,
                {
                    size: databases.url_for(f"{databases.name}_{size}_{members}")
                    for size, members in keep
                },
                media,
                urls,
                # nginx answers ~100,000 requests a second here, sharing two cores with
                # wrk: longer and more rounds than for gunicorn, or the ratio is noise.
                seconds=2 if arguments.quick else 4,
                rounds=2 if arguments.quick else 5,
                bare_ms={
                    str(result["publications"]): result["pages"]["home"].get("bare_ms")
                    for result in pages
                },
            )
        if "import" in parts:
            log("BibTeX import and export")
            part("import", run_import, databases, template, media, 10_000)
        if "latex" in parts:
            log("LaTeX conversion at growing lengths")
            part("latex", run_latex)
        if "cv" in parts:
            log("a member's CV with 100 papers")
            part("cv", run_cv)
        if "collaboration" in parts:
            log("the collaborations picture at 1,000 papers and 300 members")
            part("collaboration", run_collaboration)
    finally:
        databases.drop_all()
        shutil.rmtree(media, ignore_errors=True)
    print(table(results))
    print(f"\n(the whole run took {time.monotonic() - started:.0f} s; figures in {saved})")
    if results.get("failed"):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
