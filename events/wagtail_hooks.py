"""Admin: "Add a talk" in the menu, for editors and for members (who add the talks they give)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind
from people.contributions import contribute_menu_item, contribute_view, contribution_viewset
from people.cv import HOOK as CV_HOOK
from people.cv import CVEntry, CVSection
from scholarly_text.latex import print_html

from .models import EventIndexPage, EventPage


@hooks.register("register_admin_urls")
def register_events_urls():
    view = contribute_view(
        EventIndexPage,
        EventPage,
        _("There is no events page yet: an editor adds one under the home page."),
    )
    return [path("events/add/", view, name="events_add")]


@hooks.register("register_admin_menu_item")
def register_add_talk_menu_item():
    return contribute_menu_item(
        EventIndexPage, _("Add a talk or event"), "events_add", "events", 61
    )


@hooks.register("register_admin_viewset")
def register_events_viewset():
    return contribution_viewset(EventPage)


@hooks.register(HOOK, order=50)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind(
        "events",
        "Events",
        "events/includes/search_result.html",
        EventPage,
        lambda pages: pages.prefetch_related("speakers__member"),
    )


def _talks_of(member):
    return (
        EventPage.objects.live()
        .public()
        .filter(speakers__member=member)
        .distinct()
        .order_by("-date", "-pk")
    )


def talk_entries(member, request):
    return [
        CVEntry(
            title=event.plain_title,
            title_html=str(event.title_html),
            print_html=print_html(event.title),
            url=event.get_full_url(request),
            when=event.date.strftime("%b %Y").replace(" 0", " "),
            where=", ".join(part for part in (event.get_kind_display(), event.location) if part),
        )
        for event in _talks_of(member)
    ]


def talk_resume(member, request):
    items = []
    for event in _talks_of(member):
        item = {
            "name": event.plain_title,
            "type": "talk",
            "startDate": event.date.isoformat(),
            "url": event.get_full_url(request),
            "roles": ["Speaker"],
        }
        if event.location:
            item["entity"] = event.location
        items.append(item)
    return {"projects": items}


@hooks.register(CV_HOOK, order=50)
def cv_section():
    """The talks the member gave or will give, on their CV (``people.cv``)."""
    return CVSection("talks", _("Talks"), talk_entries, talk_resume)
