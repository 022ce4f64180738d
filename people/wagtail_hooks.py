"""Admin customisation for people: “My profile”, the member's dashboard, invitations."""

from copy import copy

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import Button

from lab_site.page_creation import CreatesPagesOnce
from lab_site.search_kinds import HOOK, SearchKind

from . import views
from .contributions import CONTRIBUTE_MENU_PREFIX
from .cv import HOOK as CV_HOOK
from .cv import education_section, positions_section
from .models import MemberPage, ProfileSettings
from .permissions import MANAGE_MEMBERS, images_member_may_use, is_member_only


@hooks.register("register_admin_urls")
def register_people_urls():
    return [
        path("people/my-profile/", views.my_profile, name="people_my_profile"),
        path("people/invite/<int:page_id>/", views.invite, name="people_invite"),
    ]


class MemberPageViewSet(CreatesPagesOnce, PageViewSet):
    """Member pages: Preview and History open to the member who owns the profile."""

    model = MemberPage
    preview_on_edit_view_class = views.ProfilePreviewOnEditView
    history_view_class = views.ProfileHistoryView


@hooks.register("register_admin_viewset")
def register_member_page_viewset():
    return MemberPageViewSet()


@hooks.register("construct_page_chooser_queryset")
def members_choose_only_published_pages(pages, request):
    """A member linking from their bio sees the pages visitors see, not drafts' titles."""
    if is_member_only(request.user):
        return pages.live().public()
    return pages


class MyProfileMenuItem(MenuItem):
    def is_shown(self, request):
        return MemberPage.objects.filter(user=request.user).exists()


@hooks.register("register_admin_menu_item")
def register_my_profile_menu_item():
    return MyProfileMenuItem(
        _("My profile"), reverse("people_my_profile"), name="my-profile", icon_name="user", order=50
    )


@hooks.register("construct_main_menu")
def hide_areas_members_have_no_use_for(request, menu_items):
    if is_member_only(request.user):
        keep = {"my-profile", "images"}
        menu_items[:] = [
            item
            for item in menu_items
            if item.name in keep or item.name.startswith(CONTRIBUTE_MENU_PREFIX)
        ]


@hooks.register("construct_image_chooser_queryset")
def members_choose_only_their_own_images(images, request):
    if is_member_only(request.user):
        return images & images_member_may_use(request.user)
    return images


@hooks.register("construct_document_chooser_queryset")
def members_choose_only_their_own_documents(documents, request):
    if is_member_only(request.user):
        return documents.filter(uploaded_by_user=request.user)
    return documents


class MyProfilePanel(Component):
    """The member's dashboard: their profile, its state, and the way to edit it."""

    name = "my_profile"
    order = 10
    template_name = "people/admin/my_profile_panel.html"

    def __init__(self, member):
        self.member = member

    def get_context_data(self, parent_context=None):
        member = self.member
        workflow_state = member.current_workflow_state
        return {
            "member": member,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[member.pk]),
            "live_url": member.url if member.live else "",
            "in_moderation": workflow_state is not None and workflow_state.status == "in_progress",
            "submitted_at": workflow_state.created_at if workflow_state else None,
            "has_draft": member.has_unpublished_changes,
            "approval_required": ProfileSettings.load().approval_required,
        }


@hooks.register("construct_homepage_panels")
def add_my_profile_panel(request, panels):
    member = MemberPage.objects.filter(user=request.user).first()
    if member is None:
        return
    if is_member_only(request.user):
        panels[:] = []
    panels.insert(0, MyProfilePanel(member))


@hooks.register("register_page_header_buttons")
def invite_button(page, user, view_name, next_url=None):
    if page.specific_class is not MemberPage or not user.has_perm(MANAGE_MEMBERS):
        return
    if MemberPage.objects.filter(pk=page.pk, user__isnull=True).exists():
        yield Button(
            _("Invite to edit this profile"),
            url=reverse("people_invite", args=[page.pk]),
            icon_name="mail",
            priority=40,
        )


@hooks.register("after_edit_page")
def keep_members_on_their_profile(request, page):
    """After publishing or submitting, Wagtail goes to the page tree, which members cannot see.

    Send them back to the dashboard that shows their profile's (and contributions') state
    instead. After
    "Save draft" Wagtail keeps them on the page they are editing, where they want to be.
    """
    finishing = "action-submit" in request.POST or "action-publish" in request.POST
    if finishing and is_member_only(request.user):
        return redirect("wagtailadmin_home")
    return None


@hooks.register("before_edit_page")
def tell_members_what_happens_to_their_submission(request, page):
    """Wagtail tells a member whose change awaits approval only that "only reviewers can
    edit". Say what happens next, when, and how to change something meanwhile."""
    if request.method != "GET" or not is_member_only(request.user):
        return
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS:
        return
    messages.info(
        request,
        _(
            "You submitted this on %(when)s and it is waiting for a moderator's approval, so "
            "it cannot be edited meanwhile. Once it is approved it goes live and you get an "
            "e-mail%(address)s; if the moderator asks for changes, you get an e-mail and can "
            "edit again. To change something now, choose “Withdraw my submission” at the "
            "bottom of the page, edit, and submit again."
        )
        % {
            "when": date_format(localtime(state.created_at), "j F Y, H:i"),
            "address": _(" at %s") % request.user.email if request.user.email else "",
        },
    )


@hooks.register("construct_page_action_menu")
def name_withdrawing_for_members(menu_items, request, context):
    """Wagtail's "Cancel workflow" means, to a member, taking back what they submitted."""
    if is_member_only(request.user):
        for position, item in enumerate(menu_items):
            if item.name == "action-cancel-workflow":
                # A copy: Wagtail makes its menu items once and shares them between requests.
                menu_items[position] = copy(item)
                menu_items[position].label = _("Withdraw my submission")


@hooks.register(HOOK, order=10)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("people", "People", "people/includes/search_result.html", MemberPage)


@hooks.register(CV_HOOK, order=10)
def cv_positions_section():
    """Positions (the group, where an alumnus is now, others) on the member's CV."""
    return positions_section()


@hooks.register(CV_HOOK, order=20)
def cv_education_section():
    return education_section()
