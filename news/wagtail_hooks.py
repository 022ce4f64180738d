"""Admin: "Write news" in the menu, for editors and for members (who write about themselves)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from people.contributions import CONTRIBUTE_MENU_PREFIX

from .models import NewsIndexPage


def writable_index(user):
    """The news page, when ``user`` may add an item to it."""
    index = NewsIndexPage.objects.first()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        return None
    return index


def write_news(request):
    """Open the form of a new news item under the news page."""
    if NewsIndexPage.objects.first() is None:
        messages.error(
            request, _("There is no news page yet: an editor adds one under the home page.")
        )
        return redirect("wagtailadmin_home")
    index = writable_index(request.user)
    if index is None:
        raise PermissionDenied
    return redirect("wagtailadmin_pages:add", "news", "newspage", index.pk)


@hooks.register("register_admin_urls")
def register_news_urls():
    return [path("news/write/", write_news, name="news_write")]


class WriteNewsMenuItem(MenuItem):
    def is_shown(self, request):
        return writable_index(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_write_news_menu_item():
    return WriteNewsMenuItem(
        _("Write news"),
        reverse("news_write"),
        name=f"{CONTRIBUTE_MENU_PREFIX}news",
        icon_name="edit",
        order=60,
    )
