from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from . import views
from .models import StaticCopy
from .tasks import in_background


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("static-copy/", views.status, name="publishing_status"),
        path("static-copy/publish/", views.publish_everything, name="publishing_publish"),
        path("static-copy/start/", views.start, name="publishing_start"),
    ]


class StaticCopyMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_manage(request.user)


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return StaticCopyMenuItem(
        _("Static copy"), reverse("publishing_status"), icon_name="upload", order=900
    )


@hooks.register("after_publish_page")
def say_when_the_static_copy_shows_it(request, page):
    """Publish returns before the static copy is written (a worker writes it, see
    ``tasks``): say so, and where to see that it was done or what failed."""
    if in_background() and StaticCopy.objects.exists():
        messages.info(
            request,
            _("The static copy shows it in a few seconds."),
            buttons=[messages.button(reverse("publishing_status"), _("See the static copy"))],
        )
