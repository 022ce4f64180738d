"""Admin: "Write news" in the menu, for editors and for members (who write about themselves)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind
from people.contributions import contribute_menu_item, contribute_view, contribution_viewset

from .models import NewsIndexPage, NewsPage


@hooks.register("register_admin_urls")
def register_news_urls():
    view = contribute_view(
        NewsIndexPage,
        NewsPage,
        _("There is no news page yet: an editor adds one under the home page."),
    )
    return [path("news/write/", view, name="news_write")]


@hooks.register("register_admin_menu_item")
def register_write_news_menu_item():
    return contribute_menu_item(NewsIndexPage, _("Write news"), "news_write", "news", 60)


@hooks.register("register_admin_viewset")
def register_news_viewset():
    return contribution_viewset(NewsPage)


@hooks.register(HOOK, order=40)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("news", "News", "news/includes/search_result.html", NewsPage)
