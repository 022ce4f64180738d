"""A person types a new page's title and clicks Save at once, with Wagtail's autosave on
as on a real site: one page is made, with what they typed last, on every page type an
editor creates, whether the autosave is still waiting, on its way or done
(``lab_site.page_creation``)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import EventPage
from home.models import ContentPage
from news.models import NewsPage
from openings.models import OpeningPage
from people.models import MemberPage, PeopleIndexPage
from projects.models import ProjectPage
from publications.models import PublicationIndexPage, PublicationPage
from research.models import ResearchHighlightPage

from ..conftest import build_site_tree
from ..factories import (
    UserFactory,
    add_events_index,
    add_news_index,
    add_openings_index,
    add_projects_index,
    add_research_index,
)
from .conftest import DESKTOP, PHONE


@pytest.fixture
def sections(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 500  # Wagtail's own default, written out
    home = build_site_tree()
    UserFactory(username="edith", is_superuser=True, is_staff=True)
    return {
        ContentPage: home,
        MemberPage: home.add_child(instance=PeopleIndexPage(title="People", slug="people")),
        PublicationPage: home.add_child(
            instance=PublicationIndexPage(title="Publications", slug="publications")
        ),
        ResearchHighlightPage: add_research_index(home),
        NewsPage: add_news_index(home),
        EventPage: add_events_index(home),
        OpeningPage: add_openings_index(home),
        ProjectPage: add_projects_index(home),
    }


# What the admin's scripts announce, kept for the test to wait on as a person's eyes do:
# the form watching for edits (two seconds after it opens: what is typed before is taken
# as the form's start), and each step of an autosave.
EVENTS = """
window.labEvents = [];
window.labTimes = [];
for (const name of ["w-unsaved:watch-edits", "w-autosave:save", "w-autosave:success",
                    "w-autosave:error"]) {
  document.addEventListener(name, () => {
    window.labEvents.push(name);
    window.labTimes.push(`${name} ${Math.round(performance.now())}`);
  });
}
"""


def seen(visitor, name):
    try:
        visitor.page.wait_for_function(
            "(name) => window.labEvents.includes(name)", arg=name, timeout=10_000
        )
    except Exception as error:
        raise AssertionError(
            f"{name} never came; the events: {visitor.page.evaluate('window.labEvents')}"
        ) from error


def signed_in(visit, viewport):
    """A tab of the editor, signed in (their session cookie, as after the login form,
    which other journeys go through)."""
    from django.conf import settings
    from django.test import Client

    visitor = visit(viewport=viewport)
    visitor.context.add_init_script(EVENTS)
    client = Client()
    client.force_login(get_user_model().objects.get(username="edith"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    visitor.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": visitor.base_url}]
    )
    return visitor


def open_new(visitor, model, parent):
    """The new page's form, once it watches for edits, as when a person starts typing."""
    meta = model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])
    visitor.page.goto(visitor.base_url + url)
    seen(visitor, "w-unsaved:watch-edits")
    # Wagtail's form may take its starting state twice, a moment apart (what is typed in
    # between is then taken as the start, and neither autosaved nor warned about on
    # leaving): a person reading the form for a second starts after both.
    visitor.page.wait_for_timeout(1000)


def saved(visitor, model, title):
    """Wait for the edit view the Save lands on, then the pages of ``model`` there are."""
    try:
        visitor.page.wait_for_url("**/admin/pages/*/edit/**", timeout=15_000)
    except Exception as error:
        raise AssertionError(
            f"not saved: {visitor.page.locator('.error-message').all_inner_texts()}"
        ) from error
    visitor.page.wait_for_selector(".messages")
    return list(model.objects.values_list("title", flat=True))


def errors(visitor):
    """The tab's console errors, but for Wagtail's "who else is editing" ping and an
    autosave that the page cut short by moving on to the saved page (the saved page is
    checked: nothing is lost), and an autosave of a form not yet whole (an event before its
    date), which Wagtail answers 400 and shows as "Autosave is paused"."""
    cut_short = {f"failed: {url}" for url in getattr(visitor, "autosaves_cut_short", ())}
    return [
        error
        for error in visitor.console_errors
        if not (error.startswith("failed: ") and "/admin/editing-sessions/" in error)
        and error not in cut_short
        and not (error.startswith("400: ") and "/admin/pages/add/" in error)
    ]


def watch_autosaves(visitor):
    """Note the autosaves the browser cuts short (for ``errors``)."""
    visitor.autosaves_cut_short = set()
    visitor.page.on(
        "requestfailed",
        lambda request: autosave_request(request) and visitor.autosaves_cut_short.add(request.url),
    )


def autosave_request(request):
    return request.method == "POST" and "application/json" in request.headers.get("accept", "")


# What a draft needs besides its title: the dates papers and events are sorted by.
DRAFT_NEEDS = {
    PublicationPage: {"#id_publication_date": "2025-03-14"},
    EventPage: {"#id_date": "2025-05-02"},
}


def type_and_save(visitor, model, when):
    """Type a title, change it, and click Save draft ``when`` the autosave is at one of
    its steps; the pages of ``model`` afterwards."""
    watch_autosaves(visitor)
    for selector, value in DRAFT_NEEDS.get(model, {}).items():
        visitor.page.fill(selector, value)
        visitor.page.keyboard.press("Escape")  # closes the date picker
    if when == "autosave on its way":
        try:
            with visitor.page.expect_request(autosave_request, timeout=10_000):
                visitor.page.fill("#id_title", "Quick")
        except Exception as error:
            raise AssertionError(
                f"no autosave; events {visitor.page.evaluate('window.labTimes')}, "
                f"value {visitor.page.input_value('#id_title')!r}"
            ) from error
    else:
        visitor.page.fill("#id_title", "Quick")
        if when == "autosave waiting":  # on its timer, not sent yet
            seen(visitor, "w-autosave:save")
        elif when == "autosave done":
            seen(visitor, "w-autosave:success")
    visitor.page.fill("#id_title", f"Quick {model.__name__}")  # what the person typed last
    visitor.page.get_by_role("button", name="Save draft").click()
    return saved(visitor, model, f"Quick {model.__name__}")


@pytest.mark.parametrize(
    "when", ["at once", "autosave waiting", "autosave on its way", "autosave done"]
)
def test_typing_a_title_and_saving_makes_one_page_whatever_the_autosave_does(visit, sections, when):
    visitor = signed_in(visit, DESKTOP)
    open_new(visitor, NewsPage, sections[NewsPage])

    assert type_and_save(visitor, NewsPage, when) == ["Quick NewsPage"]
    assert NewsPage.objects.get().get_latest_revision_as_object().title == "Quick NewsPage"
    assert errors(visitor) == []


@pytest.mark.parametrize(
    "model",
    [
        ContentPage,
        MemberPage,
        PublicationPage,
        ResearchHighlightPage,
        EventPage,
        OpeningPage,
        ProjectPage,
    ],
    ids=lambda model: model.__name__,
)
def test_every_page_type_saved_while_its_autosave_is_on_its_way_is_one_page(visit, sections, model):
    visitor = signed_in(visit, DESKTOP)
    open_new(visitor, model, sections[model])

    assert type_and_save(visitor, model, "autosave on its way") == [f"Quick {model.__name__}"]
    assert model.objects.get().get_latest_revision_as_object().title == f"Quick {model.__name__}"
    assert errors(visitor) == []


def test_saving_on_a_phone_while_an_autosave_is_on_its_way_makes_one_page(visit, sections):
    visitor = signed_in(visit, PHONE)
    open_new(visitor, NewsPage, sections[NewsPage])

    assert type_and_save(visitor, NewsPage, "autosave on its way") == ["Quick NewsPage"]
    assert NewsPage.objects.get().get_latest_revision_as_object().title == "Quick NewsPage"
    assert errors(visitor) == []


def test_publishing_right_after_typing_publishes_the_one_page(visit, sections):
    visitor = signed_in(visit, DESKTOP)
    open_new(visitor, ContentPage, sections[ContentPage])

    with visitor.page.expect_request(autosave_request):
        visitor.page.fill("#id_title", "Visiting")
    visitor.page.fill("#id_title", "Visiting us")
    visitor.page.locator("footer button.w-dropdown__toggle").click()
    visitor.page.locator("button[name='action-publish']").click()

    visitor.page.wait_for_selector(".messages")
    assert "published" in visitor.page.locator(".messages").inner_text()
    page = ContentPage.objects.get(title="Visiting us")
    assert page.live
    assert ContentPage.objects.count() == 1
