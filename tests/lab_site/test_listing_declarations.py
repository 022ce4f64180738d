"""Each list page declares its list once (``listing_choices`` and ``listing_items``): what the
live page shows in every state, the states the static copy holds, and their contents all
come from it, so the live and the static lists cannot drift."""

import re
from datetime import date, time

import pytest
from wagtail.models import Page

from lab_site.listing_paths import state_path
from news.models import NewsIndexPage
from research.models import ResearchHighlightPage, ResearchIndexPage
from scholarly_text.models import ResearchTopic

from ..factories import add_event, add_events_index, add_news, add_news_index

pytestmark = pytest.mark.django_db


def shown_children(client, index, path):
    """The index's children the live page at ``path`` links to, in the page's order."""
    html = client.get(path, follow=True).content.decode()
    children = {page.url: page.pk for page in Page.objects.child_of(index).live()}
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        pk = children.get(href)
        if pk is not None and pk not in found:
            found.append(pk)
    return found


def check_every_state(client, index, ordered=True):
    index = index.specific
    contents = index.listing_contents()
    assert set(contents) == set(index.listing_states())
    assert len(contents) >= 2  # the whole list, and a state of each filter value
    for state, pks in contents.items():
        shown = shown_children(client, index, index.url + state)
        assert (shown if ordered else sorted(shown)) == (pks if ordered else sorted(pks)), state
    # The live page links each declared value of each filter to its state.
    html = client.get(index.url).content.decode()
    for kind, options in index.listing_choices().items():
        for choice in options:
            assert f'href="{index.url}{state_path({kind: choice.slug})}"' in html, choice


def test_news_states_show_what_the_declaration_lists(client, demo_site):
    news = add_news_index(demo_site, show_in_menus=True)
    grokking = ResearchTopic.objects.create(name="Grokking")
    add_news(news, "Grokking paper out", date(2024, 6, 1), topics=[grokking])
    add_news(news, "A prize", date(2024, 2, 1))
    add_news(news, "Welcome", date(2023, 9, 1), topics=[grokking])
    add_news(news, "Draft", date(2023, 9, 2), topics=[grokking], live=False)

    check_every_state(client, NewsIndexPage.objects.get())
    (topic,) = NewsIndexPage.objects.get().listing_choices()["topic"]
    assert (topic.name, topic.count) == ("Grokking", 2)  # the draft is not counted


def test_event_states_show_what_the_declaration_lists(client, demo_site):
    events = add_events_index(demo_site, show_in_menus=True)
    add_event(events, "Seminar", date(2024, 3, 1), time(16), kind="seminar")
    add_event(events, "Talk", date(2025, 2, 1), time(10), kind="talk")
    add_event(events, "Later talk", date(2025, 5, 1), time(10), kind="talk")

    # The page shows upcoming events soonest first and past ones by year: compared as sets.
    check_every_state(client, events, ordered=False)


def test_research_states_show_what_the_declaration_lists(client, demo_site):
    research = ResearchIndexPage.objects.get()
    topic = ResearchTopic.objects.create(name="Modularity")
    for highlight in ResearchHighlightPage.objects.order_by("pk")[:2]:
        highlight.topics.add(topic)
        highlight.save_revision().publish()

    check_every_state(client, research)
