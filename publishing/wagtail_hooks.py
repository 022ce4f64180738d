from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("static-copy/", views.status, name="publishing_status"),
        path("static-copy/publish/", views.publish_everything, name="publishing_publish"),
    ]


class StaticCopyMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_manage(request.user)


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return StaticCopyMenuItem(
        _("Static copy"), reverse("publishing_status"), icon_name="upload", order=900
    )
