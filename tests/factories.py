"""Factories for the objects tests need; pages go through wagtail-factories."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home.models import ContentPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "An ordinary page."

    class Meta:
        model = ContentPage


def add_publication(index, title, date, authors=("A. Author",), members=None, **fields):
    """A live publication under ``index``; ``members`` maps author names to member pages."""
    from django.utils.text import slugify

    from publications.models import PublicationAuthor, PublicationPage

    members = members or {}
    page = PublicationPage(
        title=title,
        slug=fields.pop("slug", slugify(title)[:80] or "paper"),
        publication_date=date,
        **fields,
    )
    page.authors = [PublicationAuthor(name=name, member=members.get(name)) for name in authors]
    index.add_child(instance=page)
    return page


def add_research_index(home, **fields):
    """A live research page under ``home``."""
    from research.models import ResearchIndexPage

    fields.setdefault("title", "Research")
    fields.setdefault("slug", "research")
    return home.add_child(instance=ResearchIndexPage(**fields))


def add_highlight(index, title, publication=None, summary="<p>A plain summary.</p>", **fields):
    """A live research highlight under ``index``, featuring ``publication`` when given."""
    from django.utils.text import slugify

    from research.models import ResearchHighlightPage

    page = ResearchHighlightPage(
        title=title,
        slug=fields.pop("slug", slugify(title)[:80] or "highlight"),
        publication=publication,
        summary=summary,
        **fields,
    )
    if page.date is None and publication is not None:
        page.date = publication.publication_date
    index.add_child(instance=page)
    return page
