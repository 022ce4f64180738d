"""A member's CV with 100 papers (and awards, talks, courses): the time its page, its JSON
Resume and its PDF take (the PDF's first one in a process reads the fonts), the PDF's
pages, on a scratch SQLite database. Prints one JSON line. With ``--keep DIR``, the PDF is
also written to DIR (and, where poppler's pdftoppm is installed, each page as a PNG).

    uv run python bench/cv.py [--keep DIR]
"""

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(client, url, runs, cold=True):
    """The median ms of ``url`` (past the caches when ``cold``)."""
    from django.core.cache import cache

    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), response


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the PDF (and its pages as PNG) here")
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lab-site-cv-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'cv.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lab_site.settings.dev")
    try:
        import django

        django.setup()
        from django.core.cache import cache
        from django.core.management import call_command
        from django.test import Client
        from pypdf import PdfReader

        from demo.fake_content import generate
        from people.models import MemberPage

        call_command("migrate", verbosity=0, stdout=StringIO())
        # One member: the group's PI, an author of all 100 papers.
        generate(publications=100, members=1, events=6, awards=4, courses=3, projects=2, seed=7)
        member = MemberPage.objects.get()
        papers = member.authorships.count()
        client = Client(HTTP_HOST="127.0.0.1")
        page_ms, _ = timed(client, member.url + "cv/", arguments.runs)
        json_ms, _ = timed(client, member.url + "cv.resume.json", arguments.runs)
        started = time.perf_counter()
        response = client.get(member.url + "cv.pdf")
        first_pdf_ms = (time.perf_counter() - started) * 1000
        pdf_times = []
        for _ in range(arguments.runs):
            cache.clear()  # past the PDF's cache: the rendering itself
            started = time.perf_counter()
            response = client.get(member.url + "cv.pdf")
            pdf_times.append((time.perf_counter() - started) * 1000)
        pdf = response.content
        cached_ms, _ = timed(client, member.url + "cv.pdf", arguments.runs, cold=False)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        if arguments.keep:
            arguments.keep.mkdir(parents=True, exist_ok=True)
            (arguments.keep / "cv.pdf").write_bytes(pdf)
            if shutil.which("pdftoppm"):
                subprocess.run(  # noqa: S603, S607 - poppler's own tool on our own file
                    ["pdftoppm", "-r", "80", "-png", "cv.pdf", "cv-page"],
                    cwd=arguments.keep,
                    check=True,
                )
        print(
            json.dumps(
                {
                    "papers": papers,
                    "page_ms": round(page_ms, 1),
                    "json_resume_ms": round(json_ms, 1),
                    "pdf_first_ms": round(first_pdf_ms, 1),
                    "pdf_ms": round(statistics.median(pdf_times), 1),
                    "pdf_cached_ms": round(cached_ms, 1),
                    "pdf_pages": pages,
                    "pdf_kb": round(len(pdf) / 1024, 1),
                }
            )
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
