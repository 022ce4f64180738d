"""Generated, realistic content for benchmarks and trials: members, papers, highlights, images.

``generate(publications=N, members=M, highlights=K, news=W, events=E, projects=P, openings=O, awards=A, courses=C, galleries=G, grants=N, seed=S)`` adds to the site what a
research group of that size would have, the same for the same seed:

- members of every role (one PI when the site has none, postdocs, PhD and master's
  students, alumni with where they are now), with portraits, bios and profile links;
- papers with 2–9 authors of whom one to three are members (linked, as imports link
  them), topics, venues, arXiv ids, code links and abstracts with inline math;
- research highlights of recent papers, with figures, some featured on the home page;
- news items naming one or two members and sometimes a paper, some with a picture;
- events (talks, seminars, defences…) given by members and guests, past and upcoming;
- projects (software with its papers and members), open positions, awards (some
  for a member's paper) courses over a few terms, and
  photo galleries naming members;
- the pages they live under (people, publications, research, news, events, projects, openings,
  awards, teaching, photos) when missing, and the
  group's home page text when the home page is still empty.

Everything is made by the factories in ``demo.factories``, which the tests use too. Pages
are added as an editor's would be (``add_child``, then a first revision, published), so
each has its history and search entry.
"""

from dataclasses import dataclass

import factory.random
from django.db import transaction
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from awards.models import AwardIndexPage
from events.models import EventIndexPage
from funding.models import FundingIndexPage
from galleries.models import GalleryIndexPage
from home.models import HomePage
from news.models import NewsIndexPage
from openings.models import OpeningIndexPage
from people.models import MemberPage, PeopleIndexPage, Role
from projects.models import ProjectIndexPage
from publications.models import PublicationIndexPage, PublicationPage
from research.models import ResearchHighlightPage, ResearchIndexPage
from scholarly_text.models import ResearchTopic
from teaching.models import TeachingIndexPage

from .factories import (
    AwardPageFactory,
    CoursePageFactory,
    EventPageFactory,
    GalleryPageFactory,
    GrantPageFactory,
    ImageFactory,
    MemberPageFactory,
    NewsPageFactory,
    OpeningPageFactory,
    PersonName,
    PortraitFactory,
    ProjectPageFactory,
    PublicationPageFactory,
    ResearchHighlightPageFactory,
    chance,
    fake_terms,
)
from .home import HomeLoader
from .loader import State, default_site, state

TOPICS = (
    "Sparse autoencoders",
    "Grokking",
    "Neural scaling laws",
    "Mechanistic interpretability",
    "Symbolic regression",
    "Representation geometry",
    "Conserved quantities",
    "Modularity",
    "Formal verification",
    "AI governance",
    "Physics-inspired learning",
    "Language model truthfulness",
    "Program synthesis",
    "Mechanism design",
)
ROLE_SHARES = (("postdoc", 0.15), ("phd", 0.45), ("masters", 0.15), ("alumni", 0.25))
FEATURED_ON_HOME = 4


@dataclass
class Summary:
    members: int = 0
    publications: int = 0
    highlights: int = 0
    news: int = 0
    events: int = 0
    projects: int = 0
    openings: int = 0
    awards: int = 0
    courses: int = 0
    galleries: int = 0
    grants: int = 0
    topics: int = 0
    images: int = 0


def _child_index(home, model, title, slug):
    index = model.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=model(title=title, slug=slug, show_in_menus=True))
        index.save_revision().publish()
    return index


@transaction.atomic
def generate(
    publications=0,
    members=0,
    highlights=0,
    news=0,
    events=0,
    projects=0,
    openings=0,
    *,
    awards=0,
    courses=0,
    galleries=0,
    grants=0,
    seed=1,
    topics=12,
    images=12,
):
    """Add the content described in the module docstring; returns a Summary of what was added."""
    home = default_site().root_page.specific
    if not isinstance(home, HomePage):
        raise ValueError("The site's root page is not a home page; run `manage.py migrate` first.")
    factory.random.reseed_random(seed)
    randgen = factory.random.randgen
    summary = Summary()
    people_index = _child_index(home, PeopleIndexPage, "People", "people")
    paper_index = _child_index(home, PublicationIndexPage, "Publications", "publications")
    research_index = _child_index(home, ResearchIndexPage, "Research", "research")

    portraits = PortraitFactory.create_batch(images if members else 0)
    figures = ImageFactory.create_batch(images if highlights or news or galleries else 0)
    summary.images = len(portraits) + len(figures)

    topic_objects = []
    for name in TOPICS[:topics]:
        topic, created = ResearchTopic.objects.get_or_create(name=name)
        topic_objects.append(topic)
        summary.topics += created

    # Wagtail records a page's references at every save of it and of each of its authors;
    # once per page, at the end, is enough (its documented way for bulk work).
    added = []
    with disable_reference_index_auto_update():
        # Members: one PI when the site has none, then the roles in ROLE_SHARES.
        names = set(MemberPage.objects.values_list("title", flat=True))
        needs_pi = not MemberPage.objects.filter(role=Role.PI).exists()
        for number in range(members):
            name = PersonName.text()
            while name in names:
                name = PersonName.text()
            names.add(name)
            role = (
                "pi"
                if number == 0 and needs_pi
                else randgen.choices(*zip(*ROLE_SHARES, strict=True))[0]
            )
            photo = portraits[number % len(portraits)] if portraits and chance(0.85) else None
            added.append(
                MemberPageFactory(
                    parent=people_index,
                    title=name,
                    role=Role.PHD if role == "alumni" else Role(role),
                    alumni=role == "alumni",
                    photo=photo,
                    revision=True,
                )
            )
        summary.members = members

        # Papers, each with one to three member authors (linked, as imports link them).
        pool = list(MemberPage.objects.child_of(people_index).only("id", "title"))
        taken = set(PublicationPage.objects.exclude(arxiv_id="").values_list("arxiv_id", flat=True))
        for _ in range(publications):
            added.append(
                PublicationPageFactory(
                    parent=paper_index,
                    members=pool,
                    arxiv_ids_taken=taken,
                    topics=randgen.sample(
                        topic_objects, min(len(topic_objects), randgen.randint(0, 3))
                    ),
                    revision=True,
                )
            )
        summary.publications = publications

        # Highlights of recent papers without one, newest first as editors arrange them.
        recent = list(
            PublicationPage.objects.child_of(paper_index)
            .filter(highlights__isnull=True)
            .order_by("-publication_date", "-pk")[: highlights * 3]
        )
        chosen = randgen.sample(recent, min(highlights, len(recent)))
        chosen.sort(key=lambda paper: paper.publication_date, reverse=True)
        featured = ResearchHighlightPage.objects.filter(feature_on_home=True).count()
        for number, paper in enumerate(chosen):
            added.append(
                ResearchHighlightPageFactory(
                    parent=research_index,
                    publication=paper,
                    figure=figures[number % len(figures)] if figures else None,
                    feature_on_home=featured + number < FEATURED_ON_HOME,
                    topics=randgen.sample(
                        topic_objects, min(len(topic_objects), randgen.randint(1, 2))
                    ),
                    revision=True,
                )
            )
        summary.highlights = len(chosen)

        # News about one or two members each, a third of them about a paper too.
        if news:
            news_index = _child_index(home, NewsIndexPage, "News", "news")
            papers = list(PublicationPage.objects.child_of(paper_index).order_by("-pk")[:50])
            for _ in range(news):
                added.append(
                    NewsPageFactory(
                        parent=news_index,
                        named=randgen.sample(pool, min(len(pool), randgen.randint(1, 2))),
                        about=[randgen.choice(papers)] if papers and chance(0.33) else [],
                        image=randgen.choice(figures) if figures and chance(0.5) else None,
                        topics=randgen.sample(
                            topic_objects, min(len(topic_objects), randgen.randint(0, 2))
                        ),
                        revision=True,
                    )
                )
        summary.news = news

        # Events given by one member each, a quarter of them with a guest speaker.
        if events:
            events_index = _child_index(home, EventIndexPage, "Events", "events")
            for _ in range(events):
                guest = PersonName.text()
                added.append(
                    EventPageFactory(
                        parent=events_index,
                        named=randgen.sample(pool, min(len(pool), 1)),
                        guests=[(guest, "Stanford University")] if chance(0.25) else [],
                        revision=True,
                    )
                )
        summary.events = events

        # Software by one or two members each, about one of their recent papers.
        if projects:
            projects_index = _child_index(home, ProjectIndexPage, "Projects", "projects")
            recent_papers = list(PublicationPage.objects.child_of(paper_index).order_by("-pk")[:20])
            for _ in range(projects):
                added.append(
                    ProjectPageFactory(
                        parent=projects_index,
                        named=randgen.sample(pool, min(len(pool), randgen.randint(1, 2))),
                        about=[randgen.choice(recent_papers)] if recent_papers else [],
                        revision=True,
                    )
                )
        summary.projects = projects

        # Open positions, each for another month.
        if openings:
            join_index = _child_index(home, OpeningIndexPage, "Join us", "join-us")
            for _ in range(openings):
                added.append(OpeningPageFactory(parent=join_index, revision=True))
        summary.openings = openings

        # Awards of one or two members each, half of them for one of their papers.
        if awards:
            awards_index = _child_index(home, AwardIndexPage, "Awards", "awards")
            for _ in range(awards):
                named = randgen.sample(pool, min(len(pool), randgen.randint(1, 2)))
                theirs = list(
                    PublicationPage.objects.filter(authors__member__in=named).distinct()[:20]
                )
                added.append(
                    AwardPageFactory(
                        parent=awards_index,
                        named=named,
                        about=randgen.choice(theirs) if theirs and chance(0.5) else None,
                        revision=True,
                    )
                )
        summary.awards = awards

        # Courses taught by a member, some with a teaching assistant, over a few terms.
        if courses:
            teaching_index = _child_index(home, TeachingIndexPage, "Teaching", "teaching")
            for _ in range(courses):
                added.append(
                    CoursePageFactory(
                        parent=teaching_index,
                        named=randgen.sample(pool, min(len(pool), randgen.randint(1, 2))),
                        taught=fake_terms(),
                        revision=True,
                    )
                )
        summary.courses = courses

        # Galleries of a few of the figures each, members named in the first photo.
        if galleries:
            gallery_index = _child_index(home, GalleryIndexPage, "Photos", "photos")
            for _ in range(galleries):
                added.append(
                    GalleryPageFactory(
                        parent=gallery_index,
                        pictures=randgen.sample(figures, min(len(figures), randgen.randint(2, 6))),
                        named=randgen.sample(pool, min(len(pool), randgen.randint(1, 3))),
                        revision=True,
                    )
                )
        summary.galleries = galleries

        # Grants (made-up funders), each held by one to three members and supporting up to
        # eight of their papers.
        if grants:
            funding_index = _child_index(home, FundingIndexPage, "Funding", "funding")
            for _ in range(grants):
                named = randgen.sample(pool, min(len(pool), randgen.randint(1, 3)))
                theirs = list(
                    PublicationPage.objects.filter(authors__member__in=named).distinct()[:30]
                )
                added.append(
                    GrantPageFactory(
                        parent=funding_index,
                        named=named,
                        funded=randgen.sample(theirs, min(len(theirs), randgen.randint(1, 8))),
                        revision=True,
                    )
                )
        summary.grants = grants
    for page in added:
        ReferenceIndex.create_or_update_for_object(page)

    # The home page: the group's own text and sections, when nobody has written any yet.
    home_loader = HomeLoader()
    if state(home_loader) is State.EMPTY:
        home_loader.load()
    return summary
