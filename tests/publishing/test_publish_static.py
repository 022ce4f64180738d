"""`manage.py publish_static` on the demo: a crawler over the files written, Debian's nginx
serving them under a sub-path, and what must never be in the copy."""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageViewRestriction, Site

from publishing.files import content_type
from publishing.models import StaticCopy

from ..static_copy import get

pytestmark = pytest.mark.django_db

ATTRIBUTES = {"href", "src", "action", "poster"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ATTRIBUTES:
                self.links.append(value)
            elif name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]


def file_for(out, address):
    path = unquote(urlsplit(address).path)
    assert path.startswith("/lab/"), address
    path = path[len("/lab/") :]
    return out / (path + "index.html" if path.endswith("/") or not path else path)


def publish(out, stdout=None):
    """``publish_static`` into ``out`` for https://example.org/, without the search index."""
    call_command(
        "publish_static",
        str(out),
        base_url="https://example.org/",
        no_search=True,
        stdout=stdout or StringIO(),
    )


def test_every_link_image_and_asset_of_the_copy_resolves(static_copy):
    out, base = static_copy["out"], static_copy["base"]
    editing_hosts = {
        Site.objects.get(is_default_site=True).root_url,
        settings.WAGTAILADMIN_BASE_URL,
    }
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 70, len(pages)  # the demo: 50 papers, 9 people, the lists
    checked, missing, to_editing_host, with_query = 0, [], [], []
    for page in pages:
        html = page.read_text()
        parser = Links()
        parser.feed(html)
        links = parser.links
        if page.name != "404.html":
            links += re.findall(r"""url\(['"]?([^'")]+)""", html)
        for link in links:
            if any(link.startswith(host) for host in editing_hosts if host):
                to_editing_host.append((page, link))
            if link.startswith(base):
                link = link[len(base) - len("/lab/") :]
            if link.startswith(("#", "mailto:", "tel:", "http://", "https://", "data:")):
                continue
            assert link.startswith("/lab/"), (page, link)  # nothing outside the sub-path
            if "?" in link:
                with_query.append((page, link))
                continue
            checked += 1
            if not file_for(out, link).exists():
                missing.append((str(page.relative_to(out)), link))
    for css in out.rglob("*.css"):
        for link in re.findall(r"""url\(['"]?([^'")#?]+)""", css.read_text()):
            if link.startswith("data:"):
                continue
            target = (
                (css.parent / link).resolve() if not link.startswith("/") else file_for(out, link)
            )
            checked += 1
            if not target.exists():
                missing.append((str(css.relative_to(out)), link))
    assert checked > 2000
    assert missing == []
    assert to_editing_host == []
    assert with_query == []


def test_the_copy_holds_the_whole_public_site(static_copy):
    out = static_copy["out"]
    for name in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "people/index.html",
        "people/max-tegmark/index.html",
        "research/index.html",
        "publications/index.html",
        "publications/page/2/index.html"
        if (out / "publications/page/2").exists()
        else "publications/index.html",
        "publications/year/2023/index.html",
        "publications/member/ziming-liu/index.html",
        "publications.atom",
        "publications/export.bib",
        "publications/export.ris",
        "publications/export.json",
        "publications/export.txt",
        "publications/omnigrok-grokking-beyond-algorithmic-data/index.html",
        "publications/omnigrok-grokking-beyond-algorithmic-data.bib",
        "search/index.html",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind.js",
        "static/css/site.css",
    ]:
        assert (out / name).is_file(), name
    # Every live public page of the site is there, and every address in the sitemap.
    site = Site.objects.get(is_default_site=True)
    for page in Page.objects.descendant_of(site.root_page, inclusive=True).live().public():
        assert file_for(out, "/lab" + page.get_url()).exists(), page.url
    sitemap = (out / "sitemap.xml").read_text()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(static_copy["base"]) for loc in locations)
    for location in locations:
        assert file_for(out, location).exists(), location
    feed = (out / "publications.atom").read_text()
    assert feed.startswith("<?xml") and static_copy["base"] in feed
    bib = (out / "publications/omnigrok-grokking-beyond-algorithmic-data.bib").read_text()
    assert bib.startswith("@") and "Omnigrok" in bib
    assert "Sitemap: " + static_copy["base"] + "sitemap.xml" in (out / "robots.txt").read_text()
    assert static_copy["warnings"] == ""  # no broken link, no link the copy cannot hold


def test_nginx_serves_the_copy_under_a_sub_path(served_copy):
    base = served_copy["base"]
    status, headers, body = get(base)
    assert status == 200 and "text/html" in headers["Content-Type"]
    assert b'href="/lab/people/"' in body
    status, headers, body = get(base + "publications/year/2023/")
    assert status == 200 and b"2023" in body
    status, headers, body = get(base + "publications/omnigrok-grokking-beyond-algorithmic-data.bib")
    assert status == 200 and headers["Content-Type"].startswith("application/x-bibtex")
    # Citations, calendars and feeds with the types a bucket gets too (publishing.files).
    out = served_copy["out"]
    sent = dict.fromkeys((".bib", ".ris", ".ics", ".atom"), 0)
    for path in out.rglob("*"):
        if path.suffix in sent:
            sent[path.suffix] += 1
            status, headers, body = get(base + path.relative_to(out).as_posix())
            assert status == 200 and body == path.read_bytes(), path
            assert headers["Content-Type"] == content_type(path.name), path
    assert sent[".bib"] >= 50 and sent[".atom"] >= 1, sent  # every paper's citation; a feed
    status, headers, body = get(base + "static/css/site.css")
    assert status == 200 and "immutable" in headers["Cache-Control"]
    status, headers, body = get(base + "no-such-page/")
    assert status == 404 and b"<h1" in body and b'href="/lab/' in body  # the site's own 404
    status, headers, _ = get(base.rstrip("/"))
    assert status == 200  # /lab redirects to /lab/, which urllib follows


def test_drafts_private_pages_and_their_files_never_appear(small_site, tmp_path):
    from publications.models import PublicationPage

    paper = PublicationPage.objects.live().first()
    secret_title = "A paper under embargo"
    draft = PublicationPage.objects.get(pk=paper.pk)
    draft.title = secret_title
    draft.save_revision()  # a draft of a live paper: the live version is what is published
    private = PublicationPage.objects.live().exclude(pk=paper.pk).first()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    unpublished = PublicationPage.objects.live().exclude(pk__in=[paper.pk, private.pk]).first()
    unpublished.unpublish()

    out = tmp_path / "copy"
    publish(out)
    written = "\n".join(
        path.read_text(errors="replace") for path in out.rglob("*") if path.is_file()
    )
    assert secret_title not in written
    assert (out / paper.url.strip("/") / "index.html").exists()
    for hidden in (private, unpublished):
        assert not (out / hidden.url.strip("/") / "index.html").exists()
        assert not (out / (hidden.url.strip("/") + ".bib")).exists()
        assert hidden.title not in written


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("example.org", "is not an address"),
        ("ftp://example.org/", "is not an address"),
        ("https://example.org/?x=1", "must not have a query"),
    ],
)
def test_a_bad_base_url_is_explained(small_site, tmp_path, base_url, message):
    with pytest.raises(CommandError, match=message):
        call_command("publish_static", str(tmp_path / "out"), base_url=base_url, no_search=True)
    assert not (tmp_path / "out").exists()


def test_the_folder_and_those_above_it_are_made_or_the_reason_they_cannot_be_is_given(
    home_page, tmp_path
):
    # The folders are the subject, not the pages: the smallest site (a home page) will do.
    out = tmp_path / "not" / "there" / "yet"
    publish(out)
    assert (out / "index.html").is_file() and (out / "404.html").is_file()

    (tmp_path / "a-file").write_text("not a folder")
    for bad in (tmp_path / "a-file", tmp_path / "a-file" / "public"):
        with pytest.raises(CommandError, match="a-file"):
            call_command("publish_static", str(bad), base_url="https://example.org/")
    assert (tmp_path / "a-file").read_text() == "not a folder"
    assert not StaticCopy.objects.filter(folder__startswith=str(tmp_path / "a-file")).exists()


def test_publishing_again_writes_only_what_changed_and_removes_what_went(small_site, tmp_path):
    from publications.models import PublicationPage

    out = tmp_path / "copy"
    first = StringIO()
    publish(out, stdout=first)
    (out / "stray.html").write_text("left from an older copy")
    paper = PublicationPage.objects.live().first()
    paper.unpublish()
    second = StringIO()
    publish(out, stdout=second)
    report = second.getvalue()
    counts = r"On disk, (\d+) were new or changed .* and (\d+) went\."
    everything = int(re.search(counts, first.getvalue())[1])
    written, removed = map(int, re.search(counts, report).groups())
    assert 0 < written < everything / 2 and removed >= 2, (everything, report)
    assert not (out / "stray.html").exists()
    assert not (out / paper.url.strip("/") / "index.html").exists()
    assert not Path(out / (paper.url.strip("/") + ".bib")).exists()


def test_production_settings_redirecting_to_https_still_give_pages(small_site, tmp_path, settings):
    """Production redirects HTTP to HTTPS: the copy is rendered as HTTPS requests, so it
    holds the pages themselves, with no address of the editing host in either scheme."""
    settings.SECURE_SSL_REDIRECT = True
    out = tmp_path / "copy"
    publish(out)
    people = (out / "people" / "index.html").read_text()
    assert "<h1" in people and "Moved" not in people
    robots = (out / "robots.txt").read_text()
    assert "Sitemap: https://example.org/sitemap.xml" in robots
    written = "\n".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert "://localhost" not in written


def test_publishing_says_what_it_did_without_a_not_found_for_its_own_404_page(
    small_site, tmp_path, capfd, caplog
):
    out, report = tmp_path / "copy", StringIO()

    publish(out, stdout=report)

    printed = capfd.readouterr()
    logged = [record.getMessage() for record in caplog.records]
    assert not [line for line in [printed.out, printed.err, *logged] if "Not Found" in line]
    assert (out / "404.html").is_file()
    summary = report.getvalue()
    assert "Published the static copy of https://example.org/ to" in summary
    assert re.search(r"s: \d+ pages and files\. On disk, \d+ were new or changed", summary)
