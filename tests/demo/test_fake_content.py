"""`manage.py generate_fake_content`: a realistic site, the same for the same seed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from events.models import EventPage
from home.models import HomePage
from news.models import NewsPage
from people.models import MemberPage, Role
from publications.models import PublicationAuthor, PublicationPage
from research.models import ResearchHighlightPage

pytestmark = pytest.mark.django_db


def generate(*args):
    out = StringIO()
    call_command("generate_fake_content", *args, "--images=2", stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(MemberPage.objects.order_by("path").values_list("title", "role")),
        list(PublicationPage.objects.order_by("path").values_list("title", "abstract")),
        list(PublicationAuthor.objects.order_by("page__path", "sort_order").values_list("name")),
    )


def test_builds_a_realistic_site_that_renders(home_page, client):
    output = generate(
        "--publications=12",
        "--members=6",
        "--highlights=3",
        "--news=4",
        "--events=3",
        "--projects=2",
        "--openings=1",
        "--seed=5",
    )

    assert (
        "Added 6 members, 12 publications, 3 highlights, 4 news items, 3 events, 2 projects, 1 open positions"
        in output
    )
    assert Page.find_problems() == ([], [], [], [], [])
    members = MemberPage.objects.live()
    assert members.filter(role=Role.PI).count() == 1
    assert members.exclude(photo=None).exists()
    papers = PublicationPage.objects.live()
    assert papers.count() == 12
    # Each page was published as an editor's would be: its history starts with a revision.
    assert all(page.live_revision_id for page in Page.objects.filter(depth__gt=2).specific())
    # Every paper has a member among its authors, linked, and most have math and topics.
    for paper in papers.prefetch_related("authors"):
        assert any(author.member_id for author in paper.authors.all()), paper.title
    assert papers.filter(abstract__contains="$").exists()
    assert papers.exclude(topics=None).exists()
    highlights = ResearchHighlightPage.objects.live()
    assert highlights.count() == 3 and not highlights.filter(figure=None).exists()
    # The home page got the group's text and sections, and every page type renders.
    home = HomePage.objects.get(pk=home_page.pk)
    assert home.heading and len(home.body) > 0
    news = NewsPage.objects.live()
    assert news.count() == 4 and not news.filter(people=None).exists()
    events = EventPage.objects.live()
    assert events.count() == 3 and not events.filter(speakers=None).exists()
    for event in events:  # a thesis defence is listed as one, a workshop as a workshop
        named = {"Thesis defence": "defence", "Workshop": "workshop", "Reading group": "reading"}
        expected = [kind for start, kind in named.items() if event.title.startswith(start)]
        assert event.kind.startswith(tuple(expected) or ("talk", "seminar")), event.title
    pages = ["/", "/people/", "/publications/", "/research/", "/news/", "/news.atom"]
    pages += ["/events/", "/events.ics", "/projects/", "/join-us/"]
    for url in [*pages, papers.first().url, news.first().url, events.first().url]:
        assert client.get(url).status_code == 200, url
    response = client.get("/")
    assert highlights.first().title.split("$")[0] in response.content.decode()


def test_the_same_seed_gives_the_same_content(home_page):
    generate("--publications=12", "--members=4", "--highlights=0", "--seed=3")
    first = snapshot()
    for page in Page.objects.filter(depth=3):
        page.delete()

    generate("--publications=12", "--members=4", "--highlights=0", "--seed=3")

    assert snapshot() == first
    generate("--publications=12", "--members=4", "--highlights=0", "--seed=4")
    assert snapshot()[1][12:] != first[1]  # another seed, other papers (added after)


def test_bad_counts_are_refused_with_the_option_named(home_page):
    with pytest.raises(CommandError, match="--publications must be 0 or more"):
        generate("--publications=-1")
    assert not PublicationPage.objects.exists()
