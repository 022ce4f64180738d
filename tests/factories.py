"""What tests build their content from: the factories that ``generate_fake_content`` uses
(``demo.factories``), with helpers that give plain pages whose every field the test sets.

The helpers blank the factories' made-up text and links, so that a test sees only what
it asked for; ask the factories themselves for realistic content.
"""

import factory
from django.contrib.auth import get_user_model

from awards.models import AwardIndexPage
from collaboration.models import CollaborationPage
from demo.factories import (
    AwardPageFactory,
    ContentPageFactory,
    CoursePageFactory,
    EventPageFactory,
    GalleryPageFactory,
    GrantPageFactory,
    MemberPageFactory,
    NewsPageFactory,
    OpeningPageFactory,
    ProjectPageFactory,
    PublicationPageFactory,
    ResearchHighlightPageFactory,
)
from events.models import EventIndexPage
from funding.models import FundingIndexPage
from galleries.models import GalleryIndexPage
from news.models import NewsIndexPage
from openings.models import OpeningIndexPage
from people.models import Role
from projects.models import ProjectIndexPage
from publications.models import PublicationAuthor, PublicationType
from research.models import ResearchIndexPage
from teaching.models import TeachingIndexPage

__all__ = [
    "AwardPageFactory",
    "add_award",
    "add_awards_index",
    "add_course",
    "add_gallery",
    "add_galleries_index",
    "add_teaching_index",
    "ContentPageFactory",
    "EventPageFactory",
    "MemberPageFactory",
    "NewsPageFactory",
    "OpeningPageFactory",
    "ProjectPageFactory",
    "PublicationPageFactory",
    "ResearchHighlightPageFactory",
    "UserFactory",
    "add_event",
    "add_events_index",
    "add_highlight",
    "add_member",
    "add_news",
    "add_news_index",
    "add_opening",
    "add_openings_index",
    "add_project",
    "add_projects_index",
    "add_publication",
    "add_research_index",
]

PLAIN_MEMBER = {
    "bio": "",
    "research_interests": "",
    "website": "",
    "github_url": "",
    "scholar_url": "",
    "start_date": None,
}
PLAIN_PUBLICATION = {
    "publication_type": PublicationType.PREPRINT,
    "venue": "",
    "venue_note": "",
    "abstract": "",
    "arxiv_id": "",
    "arxiv_category": "",
    "code_url": "",
    "affiliations": "",
}


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


def add_member(index, title, role=Role.PHD, **fields):
    """A live member page under ``index`` with only the fields given."""
    return MemberPageFactory(parent=index, title=title, role=role, **{**PLAIN_MEMBER, **fields})


def add_publication(index, title, date, authors=("A. Author",), members=None, **fields):
    """A live publication under ``index``; ``members`` maps author names to member pages."""
    members = members or {}
    line = [PublicationAuthor(name=name, member=members.get(name)) for name in authors]
    return PublicationPageFactory(
        parent=index,
        title=title,
        publication_date=date,
        authors=line,
        **{**PLAIN_PUBLICATION, **fields},
    )


def add_research_index(home, **fields):
    """A live research page under ``home``."""
    fields.setdefault("title", "Research")
    fields.setdefault("slug", "research")
    return home.add_child(instance=ResearchIndexPage(**fields))


def add_highlight(index, title, publication=None, summary="<p>A plain summary.</p>", **fields):
    """A live research highlight under ``index``, featuring ``publication`` when given."""
    fields.setdefault("demo_url", "")
    return ResearchHighlightPageFactory(
        parent=index, title=title, publication=publication, summary=summary, **fields
    )


def add_news_index(home, **fields):
    """A live news page under ``home``."""
    fields.setdefault("title", "News")
    fields.setdefault("slug", "news")
    return home.add_child(instance=NewsIndexPage(**fields))


def add_news(index, title, day, summary="A plain summary.", people=(), papers=(), **fields):
    """A live news item under ``index`` naming the member pages ``people``, with no story."""
    fields.setdefault("body", [])
    return NewsPageFactory(
        parent=index, title=title, date=day, summary=summary, named=people, about=papers, **fields
    )


def add_events_index(home, **fields):
    """A live events page under ``home``."""
    fields.setdefault("title", "Events")
    fields.setdefault("slug", "events")
    return home.add_child(instance=EventIndexPage(**fields))


def add_event(index, title, day, start_time, speakers=(), guests=(), **fields):
    """A live talk under ``index`` in Boston's time zone unless ``time_zone`` is given,
    with the member pages ``speakers`` and ``guests`` ((name, affiliation) pairs)."""
    fields.setdefault("abstract", "")
    fields.setdefault("kind", "talk")
    fields.setdefault("location", "" if fields.get("online_url") else "MIT")
    return EventPageFactory(
        parent=index,
        title=title,
        date=day,
        start_time=start_time,
        named=speakers,
        guests=guests,
        **fields,
    )


def add_openings_index(home, **fields):
    """A live "Join us" page under ``home``."""
    fields.setdefault("title", "Join us")
    fields.setdefault("slug", "join-us")
    return home.add_child(instance=OpeningIndexPage(**fields))


def add_opening(index, title, deadline, **fields):
    """A live opening under ``index`` with ``deadline`` (None: until filled)."""
    return OpeningPageFactory(parent=index, title=title, deadline=deadline, **fields)


def add_projects_index(home, **fields):
    """A live projects page under ``home``."""
    fields.setdefault("title", "Projects")
    fields.setdefault("slug", "projects")
    return home.add_child(instance=ProjectIndexPage(**fields))


def add_project(index, title, members=(), papers=(), **fields):
    """A live project under ``index`` (software unless ``kind`` says otherwise)."""
    return ProjectPageFactory(parent=index, title=title, named=members, about=papers, **fields)


def add_awards_index(home, **fields):
    """A live awards page under ``home``."""
    fields.setdefault("title", "Awards")
    fields.setdefault("slug", "awards")
    return home.add_child(instance=AwardIndexPage(**fields))


def add_award(index, title, year, members=(), paper=None, **fields):
    """A live award under ``index``, to ``members``, for ``paper`` when given."""
    fields.setdefault("given_by", "")
    fields.setdefault("announcement_url", "")
    fields.setdefault("description", "")
    return AwardPageFactory(
        parent=index, title=title, year=year, named=members, about=paper, **fields
    )


def add_teaching_index(home, **fields):
    """A live teaching page under ``home``."""
    fields.setdefault("title", "Teaching")
    fields.setdefault("slug", "teaching")
    return home.add_child(instance=TeachingIndexPage(**fields))


def add_course(index, title, terms=(), members=(), **fields):
    """A live course under ``index``, taught by ``members`` (the first the instructor) in
    ``terms`` [(season, year)]."""
    fields.setdefault("code", "")
    fields.setdefault("summary", "A course.")
    fields.setdefault("syllabus", "")
    return CoursePageFactory(parent=index, title=title, named=members, taught=terms, **fields)


def add_galleries_index(home, **fields):
    """A live photos page under ``home``."""
    fields.setdefault("title", "Photos")
    fields.setdefault("slug", "photos")
    return home.add_child(instance=GalleryIndexPage(**fields))


def add_gallery(index, title, pictures=(), members=(), **fields):
    """A live gallery under ``index`` of ``pictures`` (images), ``members`` in the first."""
    fields.setdefault("intro", "")
    return GalleryPageFactory(parent=index, title=title, pictures=pictures, named=members, **fields)


def add_funding_index(home, **fields):
    """A live funding page under ``home``."""
    fields.setdefault("title", "Funding")
    fields.setdefault("slug", "funding")
    return home.add_child(instance=FundingIndexPage(**fields))


def add_grant(index, title, members=(), papers=(), **fields):
    """A live grant under ``index`` held by ``members`` that supported ``papers``."""
    return GrantPageFactory(parent=index, title=title, named=members, funded=papers, **fields)


def add_collaboration_page(home, **fields):
    """A live collaborations page under ``home``."""
    fields.setdefault("title", "Collaborations")
    fields.setdefault("slug", "collaborations")
    return home.add_child(instance=CollaborationPage(**fields))
