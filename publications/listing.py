"""The publication list: filters from the query string, search, facet counts, pages of years.

Filters combine (AND), live in the URL so a filtered list can be shared, and work
without JavaScript (a plain GET form). The number of queries does not depend on
how many publications there are.
"""

import functools
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from lab_site import static_copy
from lab_site.forms import PageNumberField, PublicQueryForm, QueryTextField, search_terms
from lab_site.listing_paths import listing_query, paginate
from lab_site.page_cache import generation
from people.models import MemberPage
from scholarly_text.models import ResearchTopic

from .choices import PublicationType
from .models.paper import PublicationAuthor, PublicationPage

FILTER_KEYS = ("q", "year", "topic", "member", "type", "code", "open", "selected", "sort")
SORTS = [("", "Newest first"), ("cited", "Most cited first")]


class FilterForm(PublicQueryForm):
    """The list's query string; a value that does not validate is ignored."""

    q = QueryTextField(max_length=200)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    topic = forms.SlugField(required=False, max_length=80)
    member = forms.SlugField(required=False, max_length=255, allow_unicode=True)
    type = forms.ChoiceField(required=False, choices=PublicationType.choices)
    code = forms.BooleanField(required=False)
    open = forms.BooleanField(required=False)
    selected = forms.BooleanField(required=False)
    sort = forms.ChoiceField(required=False, choices=SORTS)
    page = PageNumberField()


@dataclass
class Filters:
    q: str = ""
    year: int | None = None
    topic: str = ""
    member: str = ""
    type: str = ""
    code: bool = False
    open: bool = False
    selected: bool = False
    sort: str = ""
    page: int = 1
    errors: list = field(default_factory=list)
    _search_ids: object = field(default=None, repr=False)

    def search_ids(self):
        """The live publications matching ``q``, as a subquery of ids when the search
        backend can give one (PostgreSQL, SQLite, MySQL), else as a list; built once."""
        if self._search_ids is None:
            terms = search_terms(self.q)
            if not terms:  # only punctuation: nothing can match
                self._search_ids = []
                return self._search_ids
            results = PublicationPage.objects.live().search(
                terms, operator="and", order_by_relevance=False
            )
            if hasattr(results, "get_queryset"):
                self._search_ids = results.get_queryset().order_by().values("pk")
            else:
                self._search_ids = [page.pk for page in results]
        return self._search_ids

    @classmethod
    def from_query(cls, query):
        form = FilterForm(query)
        values = form.values()
        filters = cls(
            q=values["q"],
            year=values["year"],
            topic=values["topic"],
            member=values["member"],
            type=values["type"],
            code=values["code"],
            open=values["open"],
            selected=values["selected"],
            sort=values["sort"],
        )
        if "year" in form.errors:
            filters.errors.append(f"“{form.raw('year')}” is not a year; showing all years.")
        filters.page = values["page"] or 1
        return filters

    @property
    def active(self):
        return bool(
            self.q
            or self.year
            or self.topic
            or self.member
            or self.type
            or self.code
            or self.open
            or self.selected
        )

    def export_links(self, index_url, static_copy=False):
        """(label, address) of the list, with these filters, in each export format. The
        static copy holds the whole list's files only (a static host answers no query
        string): there the links are to those, with the references in APA style."""
        query = "" if static_copy else self.as_query().urlencode()
        links = [
            (label, f"{index_url}export.{extension}" + (f"?{query}" if query else ""))
            for label, extension in (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json"))
        ]
        styles = (("apa", "APA"), ("ieee", "IEEE"), ("chicago", "Chicago"))
        for key, label in styles[:1] if static_copy else styles:
            style = f"{query}&style={key}" if query else f"style={key}"
            address = f"{index_url}export.txt" + ("" if static_copy else f"?{style}")
            links.append((f"{label} references", address))
        return links

    def query_string(self, **changes):
        """The query string of these filters with ``changes`` applied (None removes a filter)."""
        encoded = self.as_query(**changes).urlencode()
        return f"?{encoded}" if encoded else "?"

    def url(self, index, **changes):
        """The address of these filters with ``changes``: a path (``year/2024/``) when the
        state has one, else the list's address with a query string."""
        return index.listing_url(self.as_query(**changes))

    def as_query(self, **changes):
        values = {
            "q": self.q,
            "year": self.year,
            "topic": self.topic,
            "member": self.member,
            "type": self.type,
            "code": "1" if self.code else "",
            "open": "1" if self.open else "",
            "selected": "1" if self.selected else "",
            "sort": self.sort,
        }
        values.update(changes)
        query = QueryDict(mutable=True)
        for key in (*FILTER_KEYS, "page"):
            if values.get(key):
                query[key] = str(values[key])
        return query


def apply_filters(publications, filters, *, skip=()):
    if filters.year and "year" not in skip:
        publications = publications.filter(publication_date__year=filters.year)
    # Many-to-many filters as subqueries, so that no DISTINCT over whole rows is needed.
    if filters.topic and "topic" not in skip:
        tagged = PublicationPage.topics.through.objects.filter(researchtopic__slug=filters.topic)
        publications = publications.filter(pk__in=tagged.values("publicationpage_id"))
    if filters.member and "member" not in skip:
        authored = PublicationAuthor.objects.filter(member__slug=filters.member)
        publications = publications.filter(pk__in=authored.values("page_id"))
    if filters.type and "type" not in skip:
        publications = publications.filter(publication_type=filters.type)
    if filters.code and "code" not in skip:
        publications = publications.filter(has_code=True)
    if filters.open and "open" not in skip:
        # Where OpenAlex found it free to read (discovery keeps the locations).
        publications = publications.filter(open_access__isnull=False)
    if filters.selected and "selected" not in skip:
        publications = publications.filter(selected=True)
    if filters.q and "q" not in skip:
        publications = publications.filter(pk__in=filters.search_ids())
    return publications


def filtered_publications(index, query):
    filters = Filters.from_query(query)
    if not index.show_citation_counts:
        filters.sort = ""  # no counts shown: nothing to sort by
    publications = apply_filters(index.publications(), filters)
    if filters.sort == "cited":
        order = [F("citation_count__count").desc(nulls_last=True), "-publication_date", "-pk"]
        return publications.select_related("citation_count").order_by(*order), filters
    return publications.order_by("-publication_date", "-pk"), filters


def cached_facets(index, filters):
    """``count_facets``, kept in Django's cache (``FRAGMENT_CACHE_SECONDS``) until published
    content changes (the page cache's generation), except for searches: too many different
    ones to be worth keeping. The facets read every publication of the list, so they cost
    the most of the page (see `make bench`)."""
    whole = filters.query_string() == "?"
    if whole and "_whole_list_facets" in index.__dict__:
        # The whole list's facets serve the form, the browse links and the paths' values
        # of one render: read once per page object (one request), cache or not.
        return index.__dict__["_whole_list_facets"]
    current = generation() if settings.FRAGMENT_CACHE_SECONDS > 0 and not filters.q else None
    if current is None:
        facets = count_facets(index, filters)
    else:
        key = f"publications:facets:{current}:{index.pk}:{filters.query_string()}"
        facets = cache.get_or_set(
            key, lambda: count_facets(index, filters), settings.FRAGMENT_CACHE_SECONDS
        )
    if whole:
        index.__dict__["_whole_list_facets"] = facets
    return facets


def count_facets(index, filters):
    """For each filter, how many publications each choice would give with the other filters
    kept; and ``total``, how many the filters give.

    Years, types, "with code" and "free to read" come from one query: counts grouped by all three over
    the publications the other filters (search, topic, member) keep. Each facet then
    adds up the groups that the filters other than its own let through.
    """
    base = index.publications()

    def ids(skip):
        return apply_filters(base, filters, skip=(skip,)).values("pk")

    grid = list(
        apply_filters(base, filters, skip=("year", "type", "code", "open"))
        .annotate(
            year=ExtractYear("publication_date"),
            # Free to read where OpenAlex found it so (discovery keeps the locations).
            is_open=ExpressionWrapper(Q(open_access__isnull=False), output_field=BooleanField()),
        )
        .values("year", "publication_type", "has_code", "is_open")
        .annotate(count=Count("pk"))
        .order_by()
    )

    def kept(row, skip=None):
        return (
            (skip == "year" or not filters.year or row["year"] == filters.year)
            and (skip == "type" or not filters.type or row["publication_type"] == filters.type)
            and (skip == "code" or not filters.code or row["has_code"])
            and (skip == "open" or not filters.open or row["is_open"])
        )

    years, types = Counter(), Counter()
    for row in grid:
        if kept(row, "year"):
            years[row["year"]] += row["count"]
        if kept(row, "type"):
            types[row["publication_type"]] += row["count"]
    type_labels = dict(PublicationType.choices)
    # values() before annotate(): grouped by these columns only, not by every column.
    topics = (
        ResearchTopic.objects.filter(publications__in=ids("topic"))
        .values("pk", "slug", "name")
        .annotate(count=Count("publications", distinct=True))
        .order_by("name")
    )
    members = (
        MemberPage.objects.live()
        .public()
        .filter(authorships__page__in=ids("member"))
        .values("pk", "slug", "title")
        .annotate(count=Count("authorships__page", distinct=True))
        .order_by("title")
    )
    return {
        "years": sorted(years.items(), reverse=True),
        "types": [
            (kind, type_labels.get(kind, ""), count) for kind, count in sorted(types.items())
        ],
        "topics": [(row["slug"], row["name"], row["count"]) for row in topics],
        "members": [(row["slug"], row["title"], row["count"]) for row in members],
        "with_code": sum(row["count"] for row in grid if row["has_code"] and kept(row, "code")),
        "selected": apply_filters(base, filters, skip=("selected",)).filter(selected=True).count(),
        "open_access": sum(row["count"] for row in grid if row["is_open"] and kept(row, "open")),
        "total": sum(row["count"] for row in grid if kept(row)),
    }


def build_listing(index, request):
    publications, filters = filtered_publications(index, listing_query(request))
    facets = cached_facets(index, filters)
    paginator = Paginator(publications.for_listing(), index.per_page or 50)
    paginator.count = facets["total"]  # counted with the facets: no COUNT query of its own
    page = paginate(request, None, None, filters.page, paginator=paginator)
    ranked = filters.sort == "cited"

    def entries():
        return list(page.object_list)

    def years():
        return [
            (year, list(items))
            for year, items in groupby(entries(), key=lambda item: item.publication_date.year)
        ]

    return {
        # The entries are read when the template shows them: a cached list skips them.
        "ranked": ranked,
        "entries": entries,
        "years": years,
        # The list's HTML is cached by its state (not for a search: too many to keep).
        "results_key": f"{request.get_full_path()}|{filters.query_string()}|{page.number}",
        "results_seconds": 0 if filters.q else settings.FRAGMENT_CACHE_SECONDS,
        "sorts": SORTS if index.show_citation_counts else [],
        "filters": filters,
        "facets": facets,
        "page": page,
        "paginator": paginator,
        "total": paginator.count,
        "type_choices": PublicationType.choices,
        "exports": filters.export_links(index.get_url(request), static_copy.rendering()),
        "previous_url": filters.url(index, page=page.previous_page_number())
        if page.has_previous()
        else "",
        "next_url": filters.url(index, page=page.next_page_number()) if page.has_next() else "",
        # Only the static copy shows them (its filters need no form): made when read.
        "browse": functools.partial(browse_links, index, filters),
    }


def browse_links(index, filters):
    """The lists of each filter value, as links to their paths, counted over the whole
    list (the static copy's filters, which need no form): [(heading, [(label, url,
    current)])]."""
    facets = cached_facets(index, Filters())
    only = {key: value for key, value in filters.as_query().items() if key != "page"}

    def links(kind, choices):
        return [
            (
                f"{label} ({count})",
                index.listing_url({kind: value}),
                only == {kind: str(value)},
            )
            for value, label, count in choices
        ]

    groups = [
        ("Year", links("year", [(year, year, count) for year, count in facets["years"]])),
        ("Topic", links("topic", facets["topics"])),
        ("Group member", links("member", facets["members"])),
        ("Type", links("type", facets["types"])),
    ]
    return [(heading, items) for heading, items in groups if items]
