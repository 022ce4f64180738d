"""The collaborations page: who the group writes with, from its own papers. One picture for
the group and one for each member (at ``<member slug>/`` below the page), each with tables
that say the same for screen readers and for anyone who prefers a table, and the outside
co-authors' institutions by country (where OpenAlex gave them, see
``discovery.models.AuthorInstitution``).

The pictures are computed when first asked for after published content changes (the page
cache's generation is in the key), so a changed paper shows in the next one drawn."""

from collections import defaultdict

import pycountry
from django.core.cache import cache
from django.http import Http404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from discovery.models import AuthorInstitution
from lab_site.blocks import TEXT_FEATURES
from lab_site.models import BasePage
from lab_site.page_cache import generation
from people.models import MemberPage
from publications.authors import normalise
from publications.models import PublicationAuthor, PublicationPage

from . import network

KEEP_SECONDS = 24 * 3600


def country_name(code):
    country = pycountry.countries.get(alpha_2=code) if code else None
    return getattr(country, "common_name", None) or (country.name if country else "")


def read_papers():
    """The live, public papers as ``network.Paper``s, and the members who wrote them:
    {member id: (name, url)}. Five queries, whatever the number of papers."""
    live = PublicationPage.objects.live().public()
    members = {
        member.pk: (member.title, member.url)
        for member in MemberPage.objects.live().public().only("id", "title", "url_path")
    }
    places = defaultdict(dict)  # page → {author name key: (key, name, country)}
    positions = defaultdict(dict)  # page → {position: (key, name, country)}
    for page_id, position, author, name, ror, country in AuthorInstitution.objects.filter(
        page__in=live
    ).values_list("page_id", "position", "author_name", "name", "ror", "country"):
        place = (ror or f"name:{name.casefold()}", name, country)
        places[page_id].setdefault(normalise(author), place)
        positions[page_id].setdefault(position, place)
    papers = {}
    rows = (
        PublicationAuthor.objects.filter(page__in=live)
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "name", "member_id")
    )
    for page_id, name, member_id in rows:
        paper = papers.setdefault(page_id, network.Paper(page_id, []))
        position = len(paper.authors)
        member = member_id if member_id in members else None
        institution = places[page_id].get(normalise(name)) or positions[page_id].get(position)
        paper.authors.append(network.Author(name, member, institution))
    return list(papers.values()), members


def _cached(name, make):
    current = generation()
    if current is None:
        return make()
    return cache.get_or_set(f"collaboration:{current}:{name}", make, KEEP_SECONDS)


class CollaborationPage(RoutablePageMixin, BasePage):
    """Who the group works with, drawn from its papers."""

    page_description = _(
        "The Collaborations page: a picture of who the group writes papers with, for the "
        "group and for each member, and the institutions it works with by country. Made "
        "from the papers on the site; nothing to fill in but an introduction."
    )

    show_in_menus_default = True
    # Drawn from every paper: the static copy renders it again when any paper changes.
    shows_every = ("publications.PublicationPage",)

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional text shown above the picture."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "collaboration/collaboration_page.html"

    class Meta:
        verbose_name = _("collaborations page")

    def get_fallback_description(self):
        return "Who the group writes papers with: a picture of its collaborations."

    def view_cache_vary(self, request):
        # The group's picture and each member's: kept by their address.
        return request.path

    # --- what it shows ------------------------------------------------------------

    def group_view(self):
        """The group's picture and tables (cached until published content changes)."""
        return _cached("group", self._group_view)

    def _group_view(self):
        papers, members = read_papers()
        counts = network.collaborations(papers)
        picture = network.group_picture(papers, members, counts)
        member_papers, pairs, reach, table, _papers = counts
        rows = []
        partners = defaultdict(list)
        for (one, other), count in pairs.items():
            partners[one].append((other, count))
            partners[other].append((one, count))
        outside = defaultdict(list)
        for (member, key), count in reach.items():
            if key != network.UNKNOWN:
                outside[member].append((table[key][0], count))
        for member, count in sorted(
            member_papers.items(), key=lambda item: (-item[1], members[item[0]][0])
        ):
            rows.append(
                {
                    "name": members[member][0],
                    "url": members[member][1],
                    "slug_url": self.member_route(members[member][1]),
                    "papers": count,
                    "partners": [
                        (members[other][0], shared)
                        for other, shared in sorted(partners[member], key=lambda i: (-i[1], i[0]))[
                            :5
                        ]
                    ],
                    "institutions": sorted(outside[member], key=lambda i: (-i[1], i[0]))[:3],
                }
            )
        return {
            # ``network.svg`` escapes every text it writes.
            "svg": mark_safe(  # noqa: S308
                network.svg(
                    picture,
                    "Who the group writes papers with",
                    _describe(picture, len(papers)),
                    ident="group-network",
                )
            ),
            "members": rows,
            "unknown_people": table.get(network.UNKNOWN, (None, None, 0, 0))[3],
            "countries": _by_country(table),
            "papers": len(papers),
            "hidden_edges": picture.hidden_edges,
        }

    def member_view(self, member):
        return _cached(f"member:{member.pk}", lambda: self._member_view(member))

    def _member_view(self, member):
        papers, members = read_papers()
        if member.pk not in members:
            return None
        own = network.own_papers(papers, member.pk)
        counts = network.collaborations(own)
        picture = network.member_picture(papers, members, member.pk, counts)
        _member_papers, pairs, reach, table, _papers = counts
        coauthors = []
        for (one, other), count in pairs.items():
            if member.pk in (one, other):
                partner = other if one == member.pk else one
                coauthors.append((members[partner][0], members[partner][1], count))
        places = [
            (table[key][0], country_name(table[key][1]), count, table[key][3])
            for (who, key), count in reach.items()
            if who == member.pk and key != network.UNKNOWN
        ]
        unknown = table.get(network.UNKNOWN, (None, None, 0, 0))
        return {
            "svg": mark_safe(  # noqa: S308 - escaped where it is made
                network.svg(
                    picture,
                    f"Who {member.title} writes papers with",
                    _describe(picture, len(own)),
                    ident="member-network",
                )
            ),
            "coauthors": sorted(coauthors, key=lambda item: (-item[2], item[0])),
            "institutions": sorted(places, key=lambda item: (-item[2], item[0])),
            "unknown_people": unknown[3],
            "papers": len(own),
        }

    def member_route(self, member_url):
        """The address of a member's picture: the member's slug below this page."""
        slug = member_url.rstrip("/").rsplit("/", 1)[-1]
        return self.url + self.reverse_subpage("member", kwargs={"slug": slug})

    # --- routes -------------------------------------------------------------------

    @path("")
    def group(self, request):
        return self.render(request, context_overrides={"view": self.group_view(), "member": None})

    @path("<str:slug>/", name="member")
    def member(self, request, slug):
        found = MemberPage.objects.live().public().filter(slug=slug).first()
        view = self.member_view(found) if found is not None else None
        if view is None:
            raise Http404("No member of that name has papers on the site.")
        return self.render(
            request,
            template="collaboration/member_collaboration.html",
            context_overrides={"view": view, "member": found},
        )

    def json_ld(self, request=None):
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": self.title,
            "url": self.get_full_url(request),
            "description": self.get_fallback_description(),
        }


def _describe(picture, paper_count):
    members = sum(node.kind == "member" for node in picture.nodes)
    places = sum(node.kind == "institution" for node in picture.nodes)
    return (
        f"A network drawn from {paper_count} paper{'s' if paper_count != 1 else ''}: "
        f"{members} member{'s' if members != 1 else ''} as circles and {places} "
        f"institution{'s' if places != 1 else ''} of outside co-authors as squares, joined "
        "where they wrote papers together (thicker lines, more papers). The tables below "
        "give the same."
    )


def _by_country(table):
    """[(country name, [(institution, papers, co-authors)])], countries A–Z."""
    countries = defaultdict(list)
    for key, (name, country, papers, people) in table.items():
        if key == network.UNKNOWN:
            continue
        countries[country_name(country) or "Country not known"].append((name, papers, people))
    return [
        (country, sorted(places, key=lambda item: (-item[1], item[0])))
        for country, places in sorted(
            countries.items(), key=lambda item: (item[0] == "Country not known", item[0])
        )
    ]
