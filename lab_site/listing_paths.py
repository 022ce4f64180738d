"""Listing pages whose every state has an address of its own, so a static host can serve it.

A listing (the publications, the news, the research highlights) is split into pages and
filtered by a few values. On the live site these are also reachable by query string
(``?year=2024&page=2``), which a static host cannot answer; so each state that a static
copy holds has a path:

    /publications/page/2/
    /publications/year/2024/
    /publications/year/2024/page/2/

Combinations and searches stay query strings (live site only). A query string that names
exactly one filter (and perhaps a page) is answered with a permanent redirect to its path,
so that each state has one address.

A page using ``ListingPaths`` names its filters in ``path_filters`` and declares its list
once: ``listing_choices`` (each filter's values, labels and counts) and ``listing_items``
(the items of a state). The live page, the static copy's states (``filter_path_values``)
and their signature (``listing_signature``) all read these two. Its ``get_context`` reads the
state with ``listing_query(request)`` in place of ``request.GET`` and pages its items with
``paginate``, which answers 404 for a page number in the path that does not exist (a query
string's page number is forgiven: the last page is shown).
"""

from dataclasses import astuple, dataclass
from urllib.parse import quote

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

# Set on the request by the path routes: the state the path names, as a query would.
QUERY_ATTRIBUTE = "listing_path_query"
FROM_PATH_ATTRIBUTE = "listing_page_from_path"


@dataclass(frozen=True)
class Choice:
    """One value of a list's filter: as it appears in the address, as it is shown, and how
    many items have it."""

    slug: str
    name: str
    count: int


def listing_query(request):
    """The listing's state: the path's values over the query string's."""
    return getattr(request, QUERY_ATTRIBUTE, request.GET)


def state_path(values=None, number=1):
    """The path below a listing's address for ``values`` (at most one path filter) and
    page number, as the routes below read it: "", "page/2/", "year/2024/page/2/"."""
    values = {key: value for key, value in (values or {}).items() if value}
    parts = []
    if values:
        ((kind, value),) = values.items()
        parts.append(f"{kind}/{quote(str(value), safe='')}/")
    if number and int(number) > 1:
        parts.append(f"page/{int(number)}/")
    return "".join(parts)


def filter_url(listing, kind, value):
    """The address of ``listing``'s list for one filter value, for a link from a page below
    it (a paper's topic): its path when the listing has one for ``kind``, else the query
    string. ``listing`` may be a plain Page: only its class and address are read."""
    page_class = getattr(listing, "specific_class", None) or type(listing)
    base = listing.url or "/"
    if kind in getattr(page_class, "path_filters", ()):
        return base + state_path({kind: value})
    query = QueryDict(mutable=True)
    query[kind] = str(value)
    return f"{base}?{query.urlencode()}"


def paginate(request, items, per_page, number, paginator=None):
    """The page ``number`` of ``items`` (or of ``paginator``, when one is given); a number
    in the path that is past the end is a 404."""
    paginator = paginator or Paginator(items, per_page)
    try:
        return paginator.page(number or 1)
    except EmptyPage:
        if getattr(request, FROM_PATH_ATTRIBUTE, False):
            raise Http404("No such page of this list.") from None
        return paginator.page(paginator.num_pages)


class ListingPaths(RoutablePageMixin):
    # The query keys that have a path of their own, in the order their paths are listed.
    path_filters: tuple[str, ...] = ()

    def listing_choices(self):
        """The list's filters as the page shows them: {filter: [Choice]}, each value with
        how many items have it. Read by the live page, ``filter_path_values`` and
        ``listing_signature``, so the live and the static lists cannot drift."""
        return {}

    def filter_path_values(self):
        """{filter: [values]} for which the static copy holds a page (with its pages)."""
        choices = self.listing_choices()
        return {
            kind: [choice.slug for choice in choices.get(kind, ())] for kind in self.path_filters
        }

    def chosen(self, choices, values):
        """{filter: the Choice that the form's ``values`` name, or None}: a value the list
        does not have (a year without news) chooses nothing."""
        return {
            kind: next((c for c in options if c.slug == str(values.get(kind) or "")), None)
            for kind, options in choices.items()
        }

    # The routes ---------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        if request.GET:
            target = self.listing_url(request.GET, clamp=True)
            if "?" not in target:  # one filter, a page, or only empty values: a path
                return redirect(target, permanent=True)
        return self.render(request)

    @path("page/<int:number>/")
    def page_route(self, request, number):
        return self._render_state(request, {}, number)

    @path("<slug:kind>/<str:value>/")
    @path("<slug:kind>/<str:value>/page/<int:number>/")
    def filter_route(self, request, kind, value, number=None):
        if kind not in self.path_filters or not self.has_filter_value(kind, value):
            raise Http404("No such list.")
        return self._render_state(request, {kind: value}, number)

    def has_filter_value(self, kind, value):
        known = self.__dict__.get("_filter_path_values")
        if known is None:  # read once per page object (one request)
            known = {
                key: {str(v) for v in values} for key, values in self.filter_path_values().items()
            }
            self.__dict__["_filter_path_values"] = known
        return str(value) in known.get(kind, ())

    def _render_state(self, request, values, number):
        if number is not None and number < 2 or any(request.GET.values()):
            # "page/1/" is the state itself; and a path with a query string names a
            # combination, whose address is the query string.
            query = QueryDict(mutable=True)
            query.update({key: value for key, value in request.GET.items() if value})
            query.update(values)
            if number and number > 1:
                query["page"] = str(number)
            return redirect(self.listing_url(query), permanent=True)
        state = QueryDict(mutable=True)
        state.update(values)
        state["page"] = str(number or 1)
        setattr(request, QUERY_ATTRIBUTE, state)
        setattr(request, FROM_PATH_ATTRIBUTE, True)
        return self.render(request)

    # Addresses ----------------------------------------------------------------------

    def listing_url(self, query, clamp=False):
        """The address of the state ``query`` (a QueryDict or dict) names: its path when it
        has one, else this page's address with the query string. With ``clamp``, a page
        number past the end of a path state becomes its last page (as a query string's
        page number always was)."""
        base = self.__dict__.get("_listing_base")
        if base is None:  # read once per page object (one request): a list has ~300 links
            base = self.__dict__["_listing_base"] = self.url or "/"
        values = {key: query.get(key) for key in query if query.get(key)}
        number = values.pop("page", "1")
        number = str(number)
        number = int(number) if number.isascii() and number.isdigit() and len(number) < 10 else 1
        named = values
        if len(named) <= 1 and set(named) <= set(self.path_filters):
            kind_value = next(iter(named.items()), None)
            if kind_value is None or self.has_filter_value(*kind_value):
                if clamp and number > 1:
                    number = min(number, max(1, self.page_count(named)))
                return base + state_path(named, number)
        encoded = QueryDict(mutable=True)
        encoded.update(named)
        if number > 1:
            encoded["page"] = str(number)
        return f"{base}?{encoded.urlencode()}" if encoded else base

    def state_links(self, kind, choices, state):
        """Links to the values of one filter, each [(value, url, current)], plus an "all"
        link first (value None). ``state`` is the current {filter: value}. On the live site
        a link keeps the other filters (a combination, by query string); the static copy
        holds single filters only, so there each link names its own value alone."""
        from .static_copy import rendering

        others = {} if rendering() else {k: v for k, v in state.items() if k != kind and v}
        current = state.get(kind)
        links = [(None, self.listing_url(others), not current)]
        for value in choices:
            links.append(
                (value, self.listing_url({**others, kind: value}), str(current) == str(value))
            )
        return links

    def choice_links(self, kind, choices, state, value):
        """``state_links`` of ``choices`` that are things with a label (topics, kinds of
        event): [(choice, url, current)], the "all" link first (choice None); ``value``
        gives a choice's value in the address (a topic's slug)."""
        by_value = {str(value(choice)): choice for choice in choices}
        return [
            (by_value.get(str(shown)) if shown is not None else None, url, current)
            for shown, url, current in self.state_links(kind, list(by_value), state)
        ]

    def neighbour_urls(self, state, page):
        """(previous, next) page addresses of ``page`` (a Django Page) in ``state``."""
        previous = following = ""
        if page.has_previous():
            previous = self.listing_url({**state, "page": page.previous_page_number()})
        if page.has_next():
            following = self.listing_url({**state, "page": page.next_page_number()})
        return previous, following

    def listing_states(self):
        """Every path of this listing the static copy holds, below this page's address,
        with the list itself as "". How many pages each state has comes from ``page_count``."""
        states = []
        for chosen in self._families():
            pages = max(1, self.page_count(chosen))
            for number in range(1, pages + 1):
                states.append(state_path(chosen, number))
        return states

    def _families(self):
        """The filter states with a path: the whole list ({}) and each value of each filter."""
        known = self.filter_path_values() if self.path_filters else {}
        yield {}
        for kind in self.path_filters:
            for value in known.get(kind, ()):
                yield {kind: value}

    # What the states show, for keeping a static copy up to date -------------------------

    # Items on each page of a state; None: the listing is one page.
    listing_page_size = None

    def listing_items(self, values):
        """The items the state ``values`` lists, in its order (a queryset of pages), or
        None when the listing cannot say: then any change below it renders every state."""
        return None

    def listing_signature(self):
        """What every state shows besides its own items (the filters' labels and counts),
        as data that JSON can hold; None when the listing cannot say."""
        choices = self.listing_choices()
        if not choices:
            return None
        return {
            kind: [list(astuple(choice)) for choice in options] for kind, options in choices.items()
        }

    def page_count(self, values):
        """How many pages the state ``values`` has (1 unless the listing is paginated)."""
        items = self.listing_items(values)
        if items is None or not self.listing_page_size:
            return 1
        return -(-items.count() // self.listing_page_size)

    def listing_memberships(self):
        """[(pk, {filter: {value as text}})] for every item of the whole list, in its order:
        which value of each path filter the item has. A listing that can say this in a few
        queries lets ``listing_contents`` sort the items into every state at once; None
        (the default) asks ``listing_items`` once per state."""
        return None

    def listing_contents(self):
        """{state path: [the pk of each item it shows, in order]} for every state (the keys
        are ``listing_states()``), or None when ``listing_items`` cannot say."""
        memberships = self.listing_memberships()
        contents = {}
        for chosen in self._families():
            if memberships is not None:
                ((kind, value),) = chosen.items() if chosen else ((None, None),)
                pks = [
                    pk for pk, values in memberships if kind is None or str(value) in values[kind]
                ]
            else:
                items = self.listing_items(chosen)
                if items is None:
                    return None
                pks = list(items.values_list("pk", flat=True))
            size = self.listing_page_size
            chunks = [pks[i : i + size] for i in range(0, len(pks), size)] if size else [pks]
            for number, chunk in enumerate(chunks or [[]], start=1):
                contents[state_path(chosen, number)] = chunk
        return contents
