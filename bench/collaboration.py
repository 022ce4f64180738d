"""The collaborations picture at 1,000 papers and 300 members, with made-up institutions
(120, in 12 countries) for the outside co-authors: the time to read the papers, to lay
the network out, to draw the SVG, and the page uncached and from the cache, on a scratch
SQLite database. Prints one JSON line. With ``--keep DIR``, the group's page and one
member's are screenshot there (phone and desktop, light and dark; needs Debian's chromium).

    uv run python bench/collaboration.py [--papers 1000] [--members 300] [--keep DIR]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COUNTRIES = ("US", "CA", "GB", "DE", "FR", "CH", "NL", "JP", "CN", "IN", "AU", "BR")


def median_ms(work, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def add_institutions(randgen):
    """Made-up OpenAlex institutions for every outside co-author (benchmark data only)."""
    from datetime import date

    from discovery.models import AuthorInstitution
    from publications.models import PublicationAuthor

    rows = []
    for page_id, position, name in PublicationAuthor.objects.filter(
        member__isnull=True
    ).values_list("page_id", "sort_order", "name"):
        number = randgen.randint(0, 119)
        rows.append(
            AuthorInstitution(
                page_id=page_id,
                position=position,
                author_name=name,
                name=f"Institute {number} of Science",
                ror=f"0bench{number:03d}"[:9],
                country=COUNTRIES[number % len(COUNTRIES)],
                read_on=date(2026, 12, 1),
            )
        )
    AuthorInstitution.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def screenshots(base, addresses, folder):
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        for scheme in ("light", "dark"):
            for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
                page = browser.new_page(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                for label, address in addresses:
                    page.goto(base + address)
                    page.screenshot(
                        path=str(folder / f"{label}-{name}-{scheme}.png"), full_page=True
                    )
                page.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="screenshot the pages here")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lab-site-collaboration-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lab_site.settings.dev")
    import django

    django.setup()
    import factory.random
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from collaboration import network
    from collaboration.models import CollaborationPage, read_papers
    from demo.fake_content import generate
    from people.models import MemberPage
    from tests.factories import add_collaboration_page

    call_command("migrate", verbosity=0, stdout=StringIO())
    generate(publications=arguments.papers, members=arguments.members, seed=3, images=2)
    factory.random.reseed_random(3)
    outside = add_institutions(factory.random.randgen)
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page.specific
    page = CollaborationPage.objects.first() or add_collaboration_page(home)
    page.save_revision().publish()

    read_ms, (papers, members) = median_ms(read_papers, arguments.runs)
    layout_ms, picture = median_ms(lambda: network.group_picture(papers, members), arguments.runs)
    svg_ms, drawn = median_ms(lambda: network.svg(picture, "t", "d"), arguments.runs)
    client = Client(HTTP_HOST="127.0.0.1")

    def uncached():
        cache.clear()
        return client.get(page.url)

    page_ms, response = median_ms(uncached, arguments.runs)
    assert response.status_code == 200
    cached_ms, _response = median_ms(lambda: client.get(page.url), arguments.runs)
    busiest = max(MemberPage.objects.all(), key=lambda member: member.authorships.count())
    member_url = page.member_route(busiest.url)

    def member_uncached():
        cache.clear()
        return client.get(member_url)

    member_ms, member_response = median_ms(member_uncached, arguments.runs)
    assert member_response.status_code == 200
    figures = {
        "papers": len(papers),
        "members": len(members),
        "outside_authorships": outside,
        "nodes": len(picture.nodes),
        "edges_drawn": len(picture.edges),
        "edges_left_out": picture.hidden_edges,
        "labels": len(picture.labelled),
        "svg_kb": len(drawn.encode()) / 1024,
        "page_kb": len(response.content) / 1024,
        "read_ms": read_ms,
        "layout_ms": layout_ms,
        "svg_ms": svg_ms,
        "page_ms": page_ms,
        "page_cached_ms": cached_ms,
        "member_page_ms": member_ms,
    }
    if arguments.keep:
        import threading
        from wsgiref.simple_server import WSGIRequestHandler, make_server

        from django.core.wsgi import get_wsgi_application

        class Quiet(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        screenshots(base, [("group", page.url), ("member", member_url)], arguments.keep)
        server.shutdown()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
