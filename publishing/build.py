"""The public site as files, for any static host (``manage.py publish_static``).

The site is rendered by its own views, exactly as a visitor would get it, but with the
flag ``static_copy`` on (see ``lab_site.static_copy``): filters are links to their own
paths and search runs in the browser (Pagefind). The build starts from every live public
page and every listing state (``ListingPaths.listing_states``), follows every internal
link, image, stylesheet and feed they use, and writes each answer to the file a static
host serves for that address (``/people/`` → ``people/index.html``). Addresses are then
moved to the base URL given (``https://user.github.io/lab/``), so that nothing points at
the editing host.

What a build found is kept in ``Build``: each address's file, its links, and what could
not be written (an internal link that answers 404 is a *broken link*; a link with a query
string is *live only*, which a static host cannot answer).
"""

import contextlib
import logging
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve
from django.utils.html import escape
from selectolax.lexbor import LexborHTMLParser
from wagtail import hooks
from wagtail.models import Page, Site

from lab_site.fragments import PAGE_PARTS, cached_page_parts
from lab_site.listing_paths import ListingPaths
from lab_site.media import media_is_public, plain_name
from lab_site.models import BasePage
from lab_site.query import private_sections_read_once
from lab_site.static_copy import bulk_renderer, rendering_static_copy

# Never part of the public copy: the admin, the member area, health checks.
PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/healthz", "/accounts/")
# Written after the pages, by Pagefind: linked to, never rendered.
GENERATED_PREFIXES = ("/pagefind/",)
# Written beside the pages, whatever links to them.
EXTRA_ROOTS = ("/", "/sitemap.xml", "/robots.txt", "/search/")
NOT_FOUND_PROBE = "/this-address-does-not-exist-on-the-static-copy/"
TEXT_TYPES = ("text/", "application/xml", "application/atom+xml", "application/json")
TEXT_TYPES += ("application/x-bibtex", "application/x-research-info-systems")
TEXT_TYPES += ("application/vnd.citationstyles.csl+json", "application/javascript")

logger = logging.getLogger(__name__)


def _not_the_probe(record):
    request = getattr(record, "request", None)
    return getattr(request, "path", None) != NOT_FOUND_PROBE


@contextlib.contextmanager
def probe_not_logged():
    """Django logs every 404 ("Not Found: …"); the one the build asks for on purpose, to
    write the copy's 404 page, is no news to whoever publishes."""
    request_logger = logging.getLogger("django.request")
    request_logger.addFilter(_not_the_probe)
    try:
        yield
    finally:
        request_logger.removeFilter(_not_the_probe)


# The status ``Renderer.fetch`` gives what an anonymous visitor may not have.
PRIVATE = 403
# A base URL's path: letters, digits and - . _ ~ between slashes, as hosts serve folders.
# Nothing that would need escaping in HTML, CSS, XML or JSON, where the copy writes it.
BASE_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)*/?$")

LINK_ATTRIBUTES = {"href", "src", "action", "poster"}
OPEN_GRAPH_LINKS = {"og:url", "og:image", "og:image:url", "og:image:secure_url"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class PublishError(Exception):
    """A build that cannot go on; the message says why, for the person running it."""


@dataclass
class Build:
    """What one build wrote: {address: (file path, bytes)}, and what it could not."""

    base_url: str
    files: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)  # address → the internal addresses it uses
    broken: dict = field(default_factory=dict)  # address → the pages linking to it
    live_only: dict = field(default_factory=dict)  # link with a query → the pages using it
    # Left out because an anonymous visitor may not have it (a page behind a password or
    # sign-in, a file of a private collection): address → the pages linking to it. The
    # live site answers these addresses; the copy does not hold them.
    private: dict = field(default_factory=dict)
    reasons: dict = field(default_factory=dict)  # broken address → why, when not a 404


# The elements that may name an address, in the attributes read (``html_links``).
LINKING = ":is([href], [src], [srcset], [action], [poster], meta[property][content])"


def html_links(text):
    """The addresses the HTML ``text`` names, in document order: links, sources (each of
    a ``srcset``), form actions and Open Graph URLs, their character references decoded.
    Parsed by lexbor (selectolax), as a browser parses it."""
    found = []
    for node in LexborHTMLParser(text).css(LINKING):
        attributes = node.attributes
        for name, value in attributes.items():
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                found.append(value)
            elif name == "srcset":
                found.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif name == "content" and attributes.get("property") in OPEN_GRAPH_LINKS:
                found.append(value)
    return found


def _serve_chain(page, request, args, kwargs):
    """What Wagtail's ``serve`` view calls last (the ``on_serve_page`` hooks wrap it)."""
    return page.serve(request, *args, **kwargs)


def output_path(address):
    """The file a static host serves for ``address`` (a path): ``/a/`` → ``a/index.html``."""
    path = unquote(address)
    if path.endswith("/"):
        path += "index.html"
    relative = PurePosixPath(path.lstrip("/"))
    if any(part in {"..", "."} for part in relative.parts) or not relative.parts:
        raise ValueError(f"Not a file address: {address!r}")
    return str(relative)


def checked_base_url(base_url):
    """``base_url`` ending in a slash, or a ``PublishError`` saying what is wrong with it:
    an http(s) address of a host, with a plain folder path and nothing else."""
    problem = (
        f"The base URL “{base_url}” is not an address like https://example.org/ or "
        "https://user.github.io/lab/"
    )
    try:
        URLValidator(schemes=["http", "https"])(base_url)
    except ValidationError:
        raise PublishError(problem + ".") from None
    parts = urlsplit(base_url)
    if parts.query or parts.fragment or "?" in base_url or "#" in base_url:
        raise PublishError(f"The base URL “{base_url}” must not have a query or fragment.")
    if parts.username or parts.password or "@" in parts.netloc:
        raise PublishError(f"The base URL “{base_url}” must not hold a user name or password.")
    if not BASE_PATH.match(parts.path):
        raise PublishError(
            problem + ": its path may only hold letters, digits, - . _ ~ and slashes."
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def restricted_addresses(site):
    """The addresses of the live pages that only some may see (a password, a sign-in or a
    group on them or a page above them): they and everything below them stay live only."""
    request = site_request(site)
    pages = Page.objects.descendant_of(site.root_page, inclusive=True).live().not_public()
    return sorted({url for page in pages if (url := page.get_url(request))})


class Renderer:
    """Renders addresses of the default site as the static copy, relocated to ``base_url``."""

    def __init__(self, base_url):
        self.base_url = checked_base_url(base_url)
        self.prefix = urlsplit(self.base_url).path.rstrip("/")  # "" or "/lab"
        self.site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if self.site is None:
            raise PublishError("There is no default site: run `manage.py migrate` first.")
        self.root_url = self.site.root_url
        port = self.site.port
        host = self.site.hostname if port in (80, 443) else f"{self.site.hostname}:{port}"
        # Pages are asked for over HTTPS, as production serves them (an HTTP request would
        # only be redirected there); addresses built from the request then name the host
        # with either scheme, and all of them are the editing host's.
        editing_hosts = {
            self.root_url,
            settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            f"https://{host}",
            f"http://{host}",
        }
        self._editing = re.compile(
            "|".join(re.escape(item) for item in sorted(editing_hosts, key=len, reverse=True))
            + r"(?=[/\"'<\s)]|$)"
        )
        self.client = Client(HTTP_HOST=host, raise_request_exception=True)
        self.secure = True
        self.collections = {}  # collection id → whether it is public, for media files
        self.restricted = restricted_addresses(self.site)
        # {address: (page, path below it)} of the pages known to be live and public
        # (``page_routes``): served by calling them, as Wagtail's ``serve`` view does once
        # it has found the page, without finding it again from the address.
        self.routes = {}
        self.requests = RequestFactory(HTTP_HOST=host)
        self._addresses = {}  # link → its address, for links that do not depend on the page

    def held_whole(self, address):
        """Whether the cache holds every part of the page at ``address`` (of ``routes``):
        rendering it then reads nothing of what is behind them, and preparing it
        (``lab_site.static_copy.prepares_pages``) would be wasted."""
        route = self.routes.get(address)
        if route is None or not isinstance(route[0], BasePage):
            return False
        request = self.requests.get(address, secure=self.secure)
        request.user = AnonymousUser()
        with rendering_static_copy():
            vary = route[0].view_cache_vary(request)
            return len(cached_page_parts(request, route[0], vary)) == len(PAGE_PARTS)

    def is_restricted(self, address):
        """Whether ``address`` is a page (or below a page) that only some may see."""
        return any(address.startswith(url) for url in self.restricted)

    # Fetching --------------------------------------------------------------------------

    def fetch(self, address):
        """(status, content type, bytes, location) of ``address`` on the static copy."""
        if address.startswith(settings.STATIC_URL):
            return self._stored(address, settings.STATIC_URL, static=True)
        if address.startswith(settings.MEDIA_URL):
            return self._stored(address, settings.MEDIA_URL, static=False)
        if address in self.routes:
            answer = self._serve(address, *self.routes[address])
            if answer is not None:
                return answer
        with rendering_static_copy():
            response = self.client.get(address, secure=self.secure)
        if response.cookies:
            # A sign-in or password form (its CSRF cookie), or anything else that starts a
            # conversation with the server: it only works live.
            return PRIVATE, "text/plain", b"", ""
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "application/octet-stream")
        return response.status_code, content_type, body, response.get("Location", "")

    def _serve(self, address, page, below):
        """The answer of ``page`` (live and public) for ``address``, served as Wagtail's
        ``serve`` view serves it once it has routed the address there (the same hooks, in
        the same order), or None when it is better asked through the whole stack: an
        error (to be raised there, as a visitor's request would), a page that answers
        with a form that talks to the server (a CSRF token), or a hook's own answer."""
        request = self.requests.get(address, secure=self.secure)
        request.user = AnonymousUser()
        try:
            with rendering_static_copy(), private_sections_read_once():
                found, args, kwargs = page.route(request, below)
                chain = _serve_chain
                for hook in reversed(hooks.get_hooks("on_serve_page")):
                    chain = hook(chain)
                for hook in hooks.get_hooks("before_serve_page"):
                    if isinstance(hook(found, request, args, kwargs), HttpResponse):
                        return None
                response = chain(found, request, args, kwargs)
                if hasattr(response, "render"):
                    response.render()
        except Exception:  # noqa: BLE001 - asked again through the stack, which raises it
            return None
        if "CSRF_COOKIE" in request.META or response.cookies or response.streaming:
            return None
        content_type = response.get("Content-Type", "application/octet-stream")
        return response.status_code, content_type, response.content, response.get("Location", "")

    def renders_in_bulk(self, address):
        """(URL name, arguments) of ``address`` when its view makes answers many at a time
        for the build (``lab_site.static_copy.renders_in_bulk``), else None."""
        if "?" in address or address.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        try:
            match = resolve(unquote(address))
        except Resolver404:
            return None
        if bulk_renderer(match.url_name) is None:
            return None
        return match.url_name, match.kwargs

    def fetch_many(self, url_name, wanted):
        """{address: (status, content type, bytes, location)} of those of ``wanted``
        ({address: arguments}, all of the view ``url_name``) that its bulk function
        answers; the build asks the view for the others one by one."""
        try:
            with rendering_static_copy():
                answers = bulk_renderer(url_name)(self.site, wanted)
        except Exception:  # noqa: BLE001 - the view itself is asked instead, one by one
            logger.exception("Rendering %s for the static copy in bulk failed", url_name)
            return {}
        return {
            address: (200, content_type, body, "")
            for address, (content_type, body) in answers.items()
            if address in wanted
        }

    def _stored(self, address, prefix, static):
        name = unquote(address[len(prefix) :])
        if not plain_name(name):
            return 404, "text/plain", b"", ""
        if not static and not media_is_public(name, self.collections):
            return PRIVATE, "text/plain", b"", ""
        try:
            if static:
                if staticfiles_storage.exists(name):
                    with staticfiles_storage.open(name) as handle:
                        return 200, _type_of(name), handle.read(), ""
                found = finders.find(name)
                if found:
                    with open(found, "rb") as handle:
                        return 200, _type_of(name), handle.read(), ""
            elif default_storage.exists(name):
                with default_storage.open(name) as handle:
                    return 200, _type_of(name), handle.read(), ""
        except (OSError, ValueError, SuspiciousOperation):  # a name the storage refuses
            pass
        return 404, "text/plain", b"", ""

    # Links -----------------------------------------------------------------------------

    def internal(self, link, page_address):
        """The internal address a link names (root-relative, no fragment), or None for an
        outside link; a link with a query string is returned whole. A root-relative or
        absolute link names the same address from every page: it is worked out once."""
        if link.startswith(("/", "https://", "http://")) and not link.startswith("//"):
            if link not in self._addresses:
                self._addresses[link] = self._internal(link, "/")
            return self._addresses[link]
        return self._internal(link, page_address)

    def _internal(self, link, page_address):
        link = link.strip()
        if not link or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return None
        editing = self._editing.match(link)
        if editing:
            link = link[editing.end() :] or "/"
        absolute = urljoin(page_address, link)
        parts = urlsplit(absolute)
        if parts.scheme or parts.netloc:
            return None
        path = parts.path or "/"
        return f"{path}?{parts.query}" if parts.query else path

    def links_of(self, address, content_type, body):
        if content_type.startswith("text/html"):
            found = html_links(body.decode("utf-8", "replace"))
        elif content_type.startswith("text/css"):
            found = [match[1] for match in CSS_URL.findall(body.decode("utf-8", "replace"))]
        else:
            return []
        return [link for link in (self.internal(item, address) for item in found) if link]

    # Relocation ------------------------------------------------------------------------

    def relocate(self, content_type, body):
        """``body`` with the editing host's addresses and root-relative links moved to the
        base URL."""
        if not content_type.startswith(TEXT_TYPES):
            return body
        text = body.decode("utf-8")
        base = self.base_url.rstrip("/")
        text = self._editing.sub(base, text)
        if self.prefix and content_type.startswith(("text/html", "text/css")):
            text = _ROOT_RELATIVE.sub(lambda m: m[1] + self.prefix + m[2], text)
            text = _SRCSET.sub(lambda m: m[1] + _prefix_srcset(m[2], self.prefix) + m[3], text)
        return text.encode("utf-8")

    def redirect_page(self, target):
        target = self._editing.sub(self.base_url.rstrip("/"), target)
        if target.startswith("/") and self.prefix:
            target = self.prefix + target
        target = escape(target)
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<title>Moved</title><meta http-equiv="refresh" content="0; url={target}">'
            f'<link rel="canonical" href="{target}"></head>'
            f'<body><p>This page has moved to <a href="{target}">{target}</a>.</p></body>'
            "</html>\n"
        ).encode()


# Root-relative addresses in HTML attributes and CSS url(): "/people/" → "/lab/people/".
_ROOT_RELATIVE = re.compile(
    r"""((?:\s(?:href|src|action|poster|content|data-[\w-]+)=["'])|url\(\s*['"]?)(/(?!/))"""
)
_SRCSET = re.compile(r"""(\ssrcset=["'])([^"']*)(["'])""")


def _prefix_srcset(value, prefix):
    items = []
    for item in value.split(","):
        stripped = item.strip()
        if stripped.startswith("/") and not stripped.startswith("//"):
            stripped = prefix + stripped
        items.append(stripped)
    return ", ".join(items)


def _type_of(name):
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def site_request(site):
    """A request for ``site``: given to ``get_url``, it keeps the site's root paths for a
    thousand calls, which without it read them from the cache each time."""
    return RequestFactory(HTTP_HOST=site.hostname).get("/")


def page_routes():
    """{address: (page, path below it)} of every live public page and every state of every
    listing ("/publications/year/2024/" → (the list, ["year", "2024"])), in tree order."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    request = site_request(site)
    routes = {}
    pages = Page.objects.descendant_of(site.root_page, inclusive=True).live().public().specific()
    for page in pages:
        url = page.get_url(request)
        if not url:
            continue
        routes[url] = (page, [])
        if isinstance(page, ListingPaths):
            for state in page.listing_states():
                routes.setdefault(url + state, (page, _below(state)))
    return routes


def _below(state):
    """A list state's path as Wagtail routes it below the list: "year/2024/" → ["year",
    "2024"]."""
    return [part for part in state.split("/") if part]


def routes_for(addresses, current, listings=None):
    """``page_routes`` for some addresses: {address: (page, path below it)} of those of
    ``addresses`` that are live public pages (``current``: {page id: address}) or states
    of their lists (``listings``: {list address: its states' paths, "" for itself}); one
    query for the pages."""
    by_url = {url: pk for pk, url in current.items()}
    wanted = {}
    for address in addresses:
        if address in by_url:
            wanted[address] = (by_url[address], [])
            continue
        for url, states in (listings or {}).items():
            state = address[len(url) :]
            if address.startswith(url) and state in states and url in by_url:
                wanted[address] = (by_url[url], _below(state))
                break
    ids = {pk for pk, _below in wanted.values()}
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    return {address: (pages[pk], below) for address, (pk, below) in wanted.items() if pk in pages}


def crawl(renderer, start, build, *, known=None, later=None):
    """Render ``start`` and everything it links to into ``build``; with ``known`` (the
    addresses already written), only the links to addresses not known are followed. With a
    list as ``later``, the addresses of files that are not pages (exports, feeds, the
    sitemap: they link nowhere) are put there instead of rendered, for a second crawl.
    Addresses whose view renders many at a time (``renders_in_bulk``) wait until nothing
    else is left, and are then made together."""
    queue = deque(start)
    seen = set(queue)
    waiting = {}  # URL name → {address: the URL's arguments}, for ``renderer.fetch_many``
    singly = set()  # waited, but the view's bulk function left them to the view
    while queue or waiting:
        if not queue:
            for name, wanted in waiting.items():
                answers = renderer.fetch_many(name, wanted)
                for address in wanted:
                    if address in answers:
                        _record(renderer, build, address, *answers[address], queue, seen, known)
                    else:
                        singly.add(address)
                        queue.append(address)
            waiting = {}
            continue
        address = queue.popleft()
        if address.startswith(PRIVATE_PREFIXES):
            continue
        if renderer.is_restricted(address):
            build.private.setdefault(address, set())
            continue
        try:
            output_path(address)
        except ValueError:
            build.broken.setdefault(address, set())
            build.reasons[address] = "not an address a file can have"
            continue
        if later is not None and not address.endswith(("/", ".html")):
            later.append(address)
            continue
        in_bulk = None if address in singly else renderer.renders_in_bulk(address)
        if in_bulk:
            name, arguments = in_bulk
            waiting.setdefault(name, {})[address] = arguments
            continue
        try:
            answer = renderer.fetch(address)
        except Exception as error:  # noqa: BLE001 - one address never stops a publish
            logger.exception("Rendering %s for the static copy failed", address)
            build.broken.setdefault(address, set())
            build.reasons[address] = f"it could not be rendered ({type(error).__name__})"
            continue
        _record(renderer, build, address, *answer, queue, seen, known)
    # A link to an address that answered 404 is broken, one to a private address left
    # out: say from where.
    for address, links in build.links.items():
        for link in links:
            for left_out in (build.broken, build.private):
                if link in left_out:
                    left_out[link].add(address)
    return build


def _record(renderer, build, address, status, content_type, body, location, queue, seen, known):
    """Keep the answer for ``address`` in ``build``, and queue the links it has that are
    new (neither ``seen`` nor ``known``)."""
    if status == PRIVATE:
        build.private.setdefault(address, set())
        return
    if status in (301, 302, 307, 308) and location:
        target = renderer.internal(location, address)
        if target and address.endswith("/"):
            build.files[address] = (output_path(address), renderer.redirect_page(location))
        links = [target] if target else []
    elif status == 200:
        links = renderer.links_of(address, content_type, body)
        build.files[address] = (output_path(address), renderer.relocate(content_type, body))
    else:
        build.broken.setdefault(address, set())
        return
    kept = []
    for link in links:
        if "?" in link:
            build.live_only.setdefault(link, set()).add(address)
            continue
        if link.startswith(PRIVATE_PREFIXES):
            continue
        kept.append(link)
        if link.startswith(GENERATED_PREFIXES):
            continue
        if link not in seen and (known is None or link not in known):
            seen.add(link)
            queue.append(link)
    build.links[address] = sorted(set(kept))


def not_found_page(renderer):
    """The site's 404 page, for the static host to answer unknown addresses with, and the
    addresses it links to: the menu and footer, which every page has."""
    with rendering_static_copy(), probe_not_logged():
        response = renderer.client.get(NOT_FOUND_PROBE, secure=renderer.secure)
    content_type, body = response.get("Content-Type", "text/html"), response.content
    links = renderer.links_of(NOT_FOUND_PROBE, content_type, body)
    return renderer.relocate(content_type, body), links
