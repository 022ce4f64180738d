"""Admin customisation of the site as a whole: the locked-out logins page under Settings."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_locked_out_logins_url():
    return [path("locked-out/", admin_views.locked_out_logins, name="locked_out_logins")]


class LockedOutLoginsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.UNLOCK_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_locked_out_logins_menu_item():
    return LockedOutLoginsMenuItem(
        _("Locked-out logins"), reverse("locked_out_logins"), icon_name="lock", order=900
    )
