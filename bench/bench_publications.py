"""Publication benchmarks on PostgreSQL: import speed, and list/paper pages at 50, 1,000 and 10,000.

Run:  uv run python bench/bench_publications.py [--database-url postgres://postgres@127.0.0.1:5432/lab_site_bench]

It (re)creates the named database, so point it at a scratch one. Prints figures only;
nothing is asserted. Timings are medians of several renders in this process
(Django test client, no network), uncached.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "lab_site.settings.dev"
    os.environ.setdefault("WAGTAIL_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Measure as in production: no query log, no debug pages (counting forces its own log).
    settings.DEBUG = False

    call_command("migrate", verbosity=0)
    # Django empties the query log at the start of every request, which would hide the
    # queries of the request being counted.
    from django.core.signals import request_started
    from django.db import reset_queries

    request_started.disconnect(reset_queries)


def import_file(text):
    from django.core.management import call_command

    with tempfile.NamedTemporaryFile("w", suffix=".bib", delete=False) as handle:
        handle.write(text)
    started = time.perf_counter()
    call_command("import_bibtex", handle.name, stdout=StringIO(), stderr=StringIO())
    elapsed = time.perf_counter() - started
    os.unlink(handle.name)
    return elapsed


def measure(url, runs=7):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1:8000")
    client.get(url)  # warm caches and renditions
    reset_queries()  # the log holds 9,000 queries at most; imports fill it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries.captured_queries)  # read now: later requests reset the log
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return count, statistics.median(times)


def page_rows(count):
    from publications.models import PublicationPage

    paper = PublicationPage.objects.live().order_by("-publication_date").first()
    rows = []
    for label, url in [
        ("list", "/publications/"),
        ("list, filtered", "/publications/?year=2024&code=1"),
        ("list, search", "/publications/?q=grokking"),
        ("paper", paper.url),
    ]:
        queries, median = measure(url)
        rows.append((count, label, queries, median))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/lab_site_bench"
    )
    parser.add_argument("--large", type=int, default=10_000, help="size of the large run")
    args = parser.parse_args()
    from generate_bibtex import generate

    recreate_database(args.database_url)
    setup(args.database_url)
    from django.core.management import call_command

    call_command("load_demo_content", stdout=StringIO())
    rows = page_rows(50)
    import_file(generate(950, seed=2, start=100_000))
    rows += page_rows(1000)

    from django.db import connections

    connections.close_all()
    recreate_database(args.database_url)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=StringIO())
    large = args.large - 50
    seconds = import_file(generate(large, seed=3, start=200_000))
    rows += page_rows(args.large)

    print(
        f"\nImport of a generated {large:,}-entry BibTeX file: {seconds:.1f} s "
        f"({large / seconds:.0f} entries/s)"
    )
    print(f"\n{'publications':>12}  {'page':<16} {'queries':>7}  {'median ms':>9}")
    for count, label, queries, median in rows:
        print(f"{count:>12,}  {label:<16} {queries:>7}  {median:>9.1f}")


if __name__ == "__main__":
    main()
