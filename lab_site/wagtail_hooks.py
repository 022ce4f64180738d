"""Admin customisation of the site as a whole: the locked-out logins page under Settings,
a word to the editor when a call to action offers visitors no way to reach the group, and
a dashboard warning while members' submissions would reach nobody."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import GroupApprovalTask

from . import admin_views, mail, page_creation
from .blocks import CallToActionBlock
from .groups import MODERATORS
from .models import SiteSettings
from .page_creation import site_page_viewsets


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


def unreachable_calls_to_action(page):
    """Headings of the page's calls to action that have no button, while the site has no
    contact e-mail: visitors would get an invitation with no way to act on it."""
    headings = []
    for field in page._meta.get_fields():
        value = getattr(page, field.name, None) if hasattr(field, "stream_block") else None
        for block in value or ():
            if isinstance(block.block, CallToActionBlock) and not block.value.get("links"):
                headings.append(block.value.get("heading") or "")
    return headings


@hooks.register("before_edit_page")
def warn_of_calls_to_action_without_a_way_to_reach_the_group(request, page):
    if request.method != "GET":
        return
    page = page.specific
    headings = unreachable_calls_to_action(page)
    if headings and not SiteSettings.for_site(page.get_site()).contact_email:
        messages.warning(
            request,
            _(
                "The box “%(heading)s” has no button and the site has no contact e-mail, so "
                "visitors who read it have no way to reach the group. Add a button to it, or "
                "the e-mail in Settings → Site settings."
            )
            % {"heading": headings[0]},
        )


def moderation_recipients():
    """The active accounts with an e-mail address that Wagtail tells of a submission: the
    groups of the tasks of every active workflow, and the administrators (unless
    ``WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS`` is off)."""
    User = get_user_model()
    who = Q(groups__in=GroupApprovalTask.objects.filter(active=True).values("groups"))
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
        who |= Q(is_superuser=True)
    return User.objects.filter(who, is_active=True).exclude(email="").distinct()


class ModerationReachesNobodyPanel(Component):
    """Told to whoever can fix it: members' submissions would notify no one."""

    name = "moderation_reaches_nobody"
    order = 5
    template_name = "lab_site/admin/moderation_reaches_nobody_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "account_url": reverse("wagtailadmin_account"),
            "users_url": reverse("wagtailusers_users:index"),
            "moderators": MODERATORS,
        }


@hooks.register("construct_homepage_panels")
def warn_when_moderation_reaches_nobody(request, panels):
    if not request.user.has_perm("auth.change_user") or moderation_recipients().exists():
        return
    panels.insert(0, ModerationReachesNobodyPanel())


class SenderUnsetPanel(Component):
    """Told to administrators of a server: the site's e-mails go out from an address that
    mail servers refuse (``lab_site.mail.sender_problem``)."""

    name = "sender_unset"
    order = 6
    template_name = "lab_site/admin/sender_unset_panel.html"

    def __init__(self, problem):
        self.problem = problem

    def get_context_data(self, parent_context=None):
        return {"problem": self.problem}


@hooks.register("construct_homepage_panels")
def warn_when_the_sender_is_unset(request, panels):
    """On a server (not in development), while DEFAULT_FROM_EMAIL is a localhost address."""
    if settings.DEBUG or not request.user.is_superuser:
        return
    if problem := mail.sender_problem():
        panels.insert(0, SenderUnsetPanel(problem))


@hooks.register("register_admin_viewset", order=-1)
def register_site_page_viewsets():
    """Every page type's create view makes one page per editing session
    (``lab_site.page_creation``)."""
    return site_page_viewsets()


@hooks.register("insert_editor_js")
def new_page_key_script():
    """The script that gives a new page's form its key (``lab_site.page_creation``)."""
    create_path = reverse("wagtailadmin_pages:add", args=("app", "model", 1)).split("app/")[0]
    return format_html(
        '<script src="{}" data-create-path="{}" data-field="{}"></script>',
        static("lab_site/js/new-page.js"),
        create_path,
        page_creation.FIELD,
    )
