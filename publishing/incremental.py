"""Keeping a static copy up to date: after a page is published, unpublished, moved or
deleted, only what shows it is rendered again (the page and its files, the pages that link
to it, the lists and feeds beside it, the home page and the sitemap); files that nothing
reaches any more are removed. A change to what every page shows (the menu, the site's
settings, a topic, an image) renders everything again. Either way the folder ends byte for
byte as a full ``publish_static`` would leave it."""

import contextlib
import json
import logging
import shutil
import time
import uuid
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site, get_page_models

from lab_site.listing_paths import ListingPaths

from . import progress
from .build import (
    EXTRA_ROOTS,
    Build,
    Renderer,
    crawl,
    not_found_page,
    output_path,
    routes_for,
    site_request,
)
from .deploy import DeployError, push_all
from .files import (
    GENERATION_FILE,
    SEARCH_FOLDER,
    generation_of,
    indexing_for_search,
    remove_file,
    staged,
    tree_files,
    write_file,
    write_tree,
)
from .models import StaticCopy
from .whole import render_pages, render_rest

logger = logging.getLogger(__name__)

ALWAYS = ("/", "/sitemap.xml", "/search/")


def publish_full(copy, folder, search=True):
    """Render the whole site into ``folder`` (the copy's folder staged, see ``staged``)
    and remember what was written in ``copy.state`` (not saved). Files that hold their
    bytes already are left as they are. The pages are written first: the search index is
    made from them, beside, while the rest is rendered, and then put in place of the old
    one."""
    folder = Path(folder)
    renderer, build, later = render_pages(
        copy.base_url, lambda done, total: progress.report(copy.folder, "pages", done, total)
    )
    progress.report(copy.folder, "rest", len(build.files), len(build.files))
    addresses = page_addresses()
    first = sum(write_file(folder / path, body) for path, body in sorted(build.files.values()))
    paths = {address: path for address, (path, _body) in build.files.items()}
    indexing = (
        indexing_for_search(folder, pages=page_files(paths, addresses))
        if search
        else contextlib.nullcontext()
    )
    with indexing as counts:
        build = render_rest(renderer, build, later)
        paths = {address: path for address, (path, _body) in build.files.items()}
        written, removed = write_tree(build, folder, keep=[SEARCH_FOLDER])
    written += first
    if search:
        written, removed = written + counts.written, removed + counts.removed
    elif (folder / SEARCH_FOLDER).exists():
        removed += len(tree_files(folder / SEARCH_FOLDER))
        shutil.rmtree(folder / SEARCH_FOLDER)
    copy.base_url = build.base_url
    copy.state = state_of(build, paths, search, addresses)
    return Outcome(build, written, removed)


@dataclass
class Outcome:
    """What a full publish did: the build, and how many files it wrote and removed."""

    build: Build
    written: int
    removed: int


def page_files(paths, addresses):
    """The paths of the pages' files (``paths``: {address: path}, ``addresses``: {page id:
    address}), for the search index: the pages, not the lists' other states."""
    return [paths[url] for url in addresses.values() if url in paths]


def state_of(build, paths, search, addresses):
    pages = {}
    for page_id, url in addresses.items():
        if url in paths:
            pages[str(page_id)] = url
    return {
        "files": paths,
        "links": build.links,
        "pages": pages,
        "search": search,
        "listings": describe_listings(),
    }


def describe_listings():
    """{listing address: {"contents": {state: the pks it shows, or None when the listing
    cannot say}, "signature": what every state shows}} for every live public listing (see
    ``ListingPaths``), as JSON gives it back."""
    described = {}
    for page in listing_pages():
        contents = page.listing_contents()
        if contents is None:
            contents = dict.fromkeys(page.listing_states())
        described[page.get_url()] = json.loads(
            json.dumps(
                {"contents": contents, "signature": page.listing_signature()},
                cls=DjangoJSONEncoder,
            )
        )
    return described


def listing_pages():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    request = site_request(site)
    pages = Page.objects.descendant_of(site.root_page, inclusive=True).live().public()
    for page in pages.type(ListingPaths).specific():
        if page.get_url(request):
            yield page


def listing_states_to_render(before, now, page_ids, changed_urls):
    """The listing states a change of the pages ``page_ids`` (at ``changed_urls``) shows on:
    of a listing whose filters or counts changed, every state; else the states whose items
    changed (added, removed, moved to another page) and those showing a changed page. A
    listing that cannot say what its states show renders every state when a page below it
    changed."""
    addresses = set()
    for url, described in now.items():
        contents, old = described["contents"], before.get(url)
        every = {url + state for state in contents}
        if old is None or described["signature"] != old["signature"]:
            addresses |= every
        elif None in contents.values() or set(contents) != set(old["contents"]):
            below = any(changed.startswith(url) and changed != url for changed in changed_urls)
            addresses |= every if below or set(contents) != set(old["contents"]) else set()
        else:
            for state, items in contents.items():
                if items != old["contents"][state] or page_ids & set(items):
                    addresses.add(url + state)
    return addresses


def page_addresses():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    request = site_request(site)
    found = {}
    for page in Page.objects.descendant_of(site.root_page, inclusive=True).live().public():
        url = page.get_url(request)
        if url:
            found[page.pk] = url
    return found


def update_copies(page_ids=(), everything=False):
    """Bring every static copy up to date with the pages ``page_ids`` (or with everything)."""
    for copy_id in StaticCopy.objects.values_list("pk", flat=True):
        update_copy(copy_id, page_ids, everything)


def update_copy(copy_id, page_ids=(), everything=False, *, raise_errors=False):
    """One copy brought up to date, then pushed to its targets; (copy, ``Outcome`` of a
    full publish or None). A failure is kept on the copy (the admin shows it) and logged;
    after a failed render the next publish renders everything, after a failed push the
    next publish pushes again."""
    started = time.monotonic()
    outcome = failure = None
    with transaction.atomic():
        copy = StaticCopy.objects.select_for_update().get(pk=copy_id)  # one publish at a time
        copy.last_started_at = timezone.now()
        copy.last_error = copy.last_pushed = ""
        state = copy.state
        generation = uuid.uuid4().hex
        if state.get("files") and generation_of(copy.folder) != state.get("generation"):
            # The folder is not the one the state describes (a publish was stopped between
            # the two): render everything.
            everything = True
        try:
            everything = everything or not copy.state.get("files") or needs_everything(page_ids)
            if not everything:
                write_pages_first(copy, page_ids)
            # The whole folder changes at once, when the work is done (``staged``): a
            # publish that fails or is killed leaves it as it was (but for the pages
            # written first, which are what was published).
            with transaction.atomic(), staged(copy.folder, generation) as work:
                search = copy.state.get("search", True)
                if everything:
                    progress.report(copy.folder, "pages", new=True)
                    try:
                        outcome = publish_full(copy, work, search)
                    finally:
                        progress.finish(copy.folder)
                    copy.last_kind = "the whole site"
                else:
                    rendered = publish_changes(copy, page_ids, work)
                    copy.last_kind = f"{rendered} pages and files"
                copy.state = {**copy.state, "generation": generation}
        except Exception as error:  # noqa: BLE001 - kept for the admin, logged in full
            logger.exception("Publishing the static copy in %s failed", copy.folder)
            copy.last_error = str(error) or repr(error)
            # What was withdrawn (unpublished, deleted, made private) leaves the copy all
            # the same; the next publish renders everything.
            withdraw(copy.folder, state)
            copy.state = {"search": state.get("search", True)}
            failure = error
        else:
            try:
                copy.last_pushed = "; ".join(push_all(copy))
            except DeployError as error:
                logger.exception("Pushing the static copy in %s failed", copy.folder)
                copy.last_error = str(error)
                failure = error
        copy.last_duration = time.monotonic() - started
        copy.save()
    if failure is not None and raise_errors:
        raise failure
    return copy, outcome


def write_pages_first(copy, page_ids):
    """The changed pages themselves, written into the copy's folder at once (each file
    whole), before the rest of the update (the lists, exports, feeds and search index
    that show them), which changes the folder all at once when it is done: the editor
    sees the page on the copy within a second. From here until the folder is swapped, the
    folder is marked unfinished (no generation), so that a publish stopped in between
    renders everything next time."""
    folder = Path(copy.folder)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or not folder.is_dir():
        return
    request = site_request(site)
    pages = Page.objects.filter(pk__in=page_ids).live().public().descendant_of(site.root_page)
    routes = {url: (page, []) for page in pages.specific() if (url := page.get_url(request))}
    addresses = list(routes)
    renderer = Renderer(copy.base_url)
    renderer.routes = routes
    written = []
    for address in addresses:
        if renderer.is_restricted(address):
            continue
        try:
            status, content_type, body, _location = renderer.fetch(address)
        except Exception:  # noqa: BLE001 - the update renders it again and reports it
            logger.exception("Rendering %s first for the static copy failed", address)
            continue
        if status == 200 and content_type.startswith("text/html"):
            written.append((output_path(address), renderer.relocate(content_type, body)))
    if written:
        (folder / GENERATION_FILE).unlink(missing_ok=True)
        for path, body in written:
            write_file(folder / path, body)


def owning_page(address, page_urls):
    """The page whose address is the longest one above ``address`` (for
    "/people/x/cv.pdf", "/people/x/"), or None."""
    parts = address.split("/")
    for count in range(len(parts) - 1, 0, -1):
        prefix = "/".join(parts[:count]) + "/"
        if prefix in page_urls and prefix != address:
            return prefix
    return None


def drawn_from(page_ids, current):
    """The addresses of the live pages drawn from every page of a type (a page class's
    ``shows_every``: the collaborations picture from every paper) when a page of that type
    is among ``page_ids`` (or was deleted: its type is not known any more)."""
    rows = set(
        Page.objects.filter(pk__in=page_ids).values_list(
            "pk", "content_type__app_label", "content_type__model"
        )
    )
    changed = {f"{app}.{model}" for _pk, app, model in rows}
    unknown = len(rows) < len(set(page_ids))
    addresses = set()
    for model in get_page_models():
        shows = {label.lower() for label in getattr(model, "shows_every", ())}
        if not shows or not (unknown or shows & changed):
            continue
        for pk in model.objects.live().public().values_list("pk", flat=True):
            if pk in current:
                addresses.add(current[pk])
    return addresses


def needs_everything(page_ids):
    """A change every page shows: a page in the menu, the home page, or a page with pages
    below it (their addresses move with it)."""
    for page in Page.objects.filter(pk__in=page_ids):
        if page.show_in_menus or page.depth <= 2 or page.get_children().exists():
            return True
    return False


def publish_changes(copy, page_ids, folder):
    """Render what the change of ``page_ids`` shows on and bring ``folder`` (the copy's
    folder staged) up to date; the number of files rendered. The pages go first: Pagefind
    indexes them while the lists' other states and the files that are not pages (the
    list's exports, feeds, the sitemap) are rendered."""
    folder = Path(folder)
    state = json.loads(json.dumps(copy.state))  # changed only once it all worked
    files, links, pages = state["files"], state["links"], state["pages"]
    page_urls = set(pages.values())
    reverse = {}
    for address, targets in links.items():
        for target in targets:
            reverse.setdefault(target, set()).add(address)

    current = page_addresses()
    renderer = Renderer(copy.base_url)
    not_found, chrome = not_found_page(renderer)
    later = []  # the files that are not pages, rendered second
    # What the changed pages link to now (their authors, topics, projects): those pages
    # list them, and may count them, without having linked to them before.
    now = Build(base_url=renderer.base_url)
    changed_pages = sorted({current[i] for i in page_ids if i in current})
    renderer.routes = routes_for(changed_pages, current)
    crawl(renderer, changed_pages, now, known=set(files), later=later)
    listings = describe_listings()
    list_states = set()  # every listing state, before and now
    for described in (state.get("listings", {}), listings):
        for url, listing in described.items():
            list_states |= {url + address for address in listing["contents"]}
    affected = set(ALWAYS)
    for page_id in page_ids:
        for url in {pages.get(str(page_id)), current.get(page_id)} - {None}:
            affected.add(url)
            affected |= reverse.get(url, set())
            # What it links to besides the menu and footer (the 404 page's links), and the
            # page above it, which lists it (a list's states are chosen below).
            shown = (set(links.get(url, ())) | set(now.links.get(url, ()))) - set(chrome)
            parent = url.rstrip("/").rsplit("/", 1)[0] + "/"
            shown |= {parent} - set(listings)
            affected |= {link for link in shown if link in page_urls or link in current.values()}
            stem = url.rstrip("/") + "."
            affected |= {address for address in files if address.startswith(stem)}
            # The list it is on: its exports and feeds (its states are chosen below), not
            # the files of the pages beside it (another member's CV).
            affected |= {
                address
                for address in files
                if address.startswith(parent)
                and address not in page_urls
                and address not in list_states
                and address.rsplit(".", 1)[0] + "/" not in page_urls
                and owning_page(address, page_urls) == parent
            }
            affected |= {address for address in files if address.startswith(parent[:-1] + ".")}
            # Its own routes below its address (a member's CV at /people/x/cv/).
            affected |= {
                address
                for address in files
                if address != url
                and address not in list_states
                and owning_page(address, page_urls) == url
            }
    # The pages drawn from every paper (or every page of another type), and their routes.
    for url in drawn_from(page_ids, current):
        affected.add(url)
        affected |= {
            address
            for address in files
            if address != url
            and address not in list_states
            and owning_page(address, page_urls) == url
        }
    # The files a page shows what it shows in, below it (a grant's report.csv, a member's
    # cv.pdf): made from the same content as the page.
    shown_pages = (affected & (page_urls | set(current.values()))) - {"/"}
    affected |= {
        address
        for address in files
        if not address.endswith("/")
        and address not in page_urls
        and address not in list_states
        and owning_page(address, page_urls) in shown_pages
    }
    # The files beside an affected address that is no page (a CV's PDF and JSON beside
    # it: /people/x/cv.pdf): made from the same content.
    routes = {address for address in affected if address.endswith("/")} - page_urls
    routes -= set(current.values())
    affected |= {
        address
        for address in files
        if any(address.startswith(route.rstrip("/") + ".") for route in routes)
    }
    changed_urls = {pages.get(str(i)) for i in page_ids} | {current.get(i) for i in page_ids}
    affected |= listing_states_to_render(
        state.get("listings", {}), listings, set(page_ids), changed_urls - {None}
    )
    state["listings"] = listings
    # Where the site starts (as ``whole.build_site`` starts, from what is known already).
    starts = {*EXTRA_ROOTS, *current.values(), "/404.html"} | {
        url + address for url, listing in listings.items() for address in listing["contents"]
    }

    build = now  # the changed pages are rendered already
    done = set(files) | set(now.files)
    states = {url: set(listing["contents"]) for url, listing in listings.items()}
    todo = affected - set(now.files)
    renderer.routes = routes_for(todo, current, states)
    # The pages first: the search index is made from them while the lists' other states
    # and the files that are not pages are rendered.
    first, second = sorted(todo & set(current.values())), sorted(todo - set(current.values()))
    crawl(renderer, first, build, known=done | set(second), later=later)
    build.files["/404.html"] = ("404.html", not_found)
    _put_in_place(folder, state, build, starts)
    indexing = (
        indexing_for_search(folder, pages=page_files(files, current))
        if state.get("search", True)
        else contextlib.nullcontext()
    )
    with indexing:
        lists = Build(base_url=renderer.base_url)
        crawl(renderer, second, lists, known=done | set(build.files), later=later)
        _put_in_place(folder, state, lists, starts)
        rest = Build(base_url=renderer.base_url)
        rendered = set(build.files) | set(lists.files)
        crawl(renderer, sorted(set(later) - rendered), rest, known=set(files))
        _put_in_place(folder, state, rest, starts)
    state["pages"] = {str(k): v for k, v in current.items() if v in files}
    copy.state = state
    return len(build.files) + len(lists.files) + len(rest.files)


def _put_in_place(folder, state, build, starts):
    """Write what ``build`` rendered, and remove what answered 404 or nothing reaches from
    ``starts`` any more."""
    files, links = state["files"], state["links"]
    for address in [*build.broken, *build.private]:
        _remove(folder, address, state)
    for address, (path, _body) in build.files.items():
        files[address] = path
    links.update(build.links)
    reachable = _reachable(starts, links)
    for address in sorted(set(files) - reachable):
        _remove(folder, address, state)
    for address, (path, body) in sorted(build.files.items()):
        if address in files:
            write_file(folder / path, body)


def _reachable(starts, links):
    seen = set()
    queue = deque(address for address in starts)
    while queue:
        address = queue.popleft()
        if address in seen:
            continue
        seen.add(address)
        queue.extend(links.get(address, ()))
    return seen


def _remove(folder, address, state):
    path = state["files"].pop(address, None)
    state["links"].pop(address, None)
    if path:
        target = folder / path
        remove_file(target)
        parent = target.parent
        while parent != folder and parent.exists() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def withdraw(folder, state):
    """After a failed publish, remove from ``folder`` the files of every page the copy
    holds that visitors may no longer see (unpublished, deleted, made private), and of
    what is below it: a failure never leaves withdrawn content online."""
    folder = Path(folder)
    files = (state or {}).get("files", {})
    try:
        public = set(page_addresses().values())
    except Exception:  # noqa: BLE001 - the failure is reported already; nothing to compare with
        logger.exception("Could not tell which pages were withdrawn from %s", folder)
        return
    withdrawn = [url for url in (state or {}).get("pages", {}).values() if url not in public]
    for url in withdrawn:
        stem = url.rstrip("/")
        for address, path in files.items():
            if address == url or address.startswith((url, stem + ".")):
                try:
                    remove_file(folder / path)
                except OSError:
                    logger.exception("Could not remove %s from the static copy", path)
