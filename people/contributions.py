"""Members writing about themselves: a news item or a talk they draft and submit for an
editor's approval (the same moderation as their profile).

One copy of the rules for every page type members may contribute (news, events). The
rules hold where data is written: the page's permission tester (edit, publish, copy,
delete, move: what Wagtail's views and bulk actions ask), its admin form, and its
``save_revision``, which reverts and workflow actions also go through.
"""

from django.core.exceptions import PermissionDenied
from wagtail.models import PagePermissionTester

from .models import MemberPage
from .permissions import OwnFilesFormMixin, check_files, is_member_only, latest_version

# Admin menu items named with this prefix ("contribute-news") stay in a member's menu.
CONTRIBUTE_MENU_PREFIX = "contribute-"


def writes_only_about_themselves(user):
    """A signed-in member with no editing role: what they write must name them."""
    return user is not None and user.is_authenticated and is_member_only(user)


def own_profile(user):
    """The member's profile (the member page linked to their account), or None."""
    if user is None or not user.is_authenticated:
        return None
    return MemberPage.objects.filter(user=user).first()


class ContributionIndexPermissionTester(PagePermissionTester):
    """Wagtail's permissions on a listing page (news, events), plus: a member with a
    profile may add a draft under it. Publishing it is for editors and moderators."""

    def can_add_subpage(self):
        if super().can_add_subpage():
            return True
        if not (self.user.is_active and writes_only_about_themselves(self.user)):
            return False
        creatable = self.page.specific_class.creatable_subpage_models()
        if not any(model.can_create_at(self.page) for model in creatable):
            return False
        return own_profile(self.user) is not None


class ContributionPermissionTester(PagePermissionTester):
    """Wagtail's permissions on a contributed page, plus: the member who started it may
    edit it and submit it for moderation. They may not publish, unpublish, delete, move,
    copy or lock it, nor touch a page someone else started."""

    def is_contributor(self):
        return (
            self.user.is_active
            and writes_only_about_themselves(self.user)
            and self.page.owner_id == self.user.pk
        )

    def can_edit(self):
        return super().can_edit() or self.is_contributor()

    def can_copy(self):
        return super().can_edit()

    def can_view_revisions(self):
        return super().can_view_revisions() and self.can_edit()


class ContributionFormMixin(OwnFilesFormMixin):
    """For the admin form of a contributed page type: a member's item must name them in the
    inline formset ``contributor_formset`` (editors may name anyone); otherwise the form
    says ``contributor_message``. Images and documents: their own only."""

    contributor_formset = ""
    contributor_message = ""

    def is_valid(self):
        # The formset is validated after the page's own fields: check it last.
        valid = super().is_valid()
        if valid and writes_only_about_themselves(self.for_user):
            named = {
                form.cleaned_data["member"].pk
                for form in self.formsets[self.contributor_formset].forms
                if form.cleaned_data.get("member") and not form.cleaned_data.get("DELETE")
            }
            profile = own_profile(self.for_user)
            if profile is None or profile.pk not in named:
                self.add_error(None, self.contributor_message)
                return False
        return valid


def check_contribution(user, member_ids, page=None):
    """Refuse a revision a member saves unless it names them among ``member_ids`` and uses
    only images and documents they uploaded (or ``page`` had already)."""
    if not writes_only_about_themselves(user):
        return
    if page is not None:
        check_files(user, page, latest_version(page))
    profile = own_profile(user)
    if profile is None or profile.pk not in set(member_ids):
        raise PermissionDenied("Members may only write about themselves.")


def writable_index(index_model, user):
    """The listing page of ``index_model`` (news, events), when ``user`` may add to it."""
    index = index_model.objects.first()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        return None
    return index


def contribute_view(index_model, page_model, missing):
    """An admin view that opens the form of a new ``page_model`` under the listing page,
    or says ``missing`` when the site has no such page yet."""
    from django.contrib import messages
    from django.shortcuts import redirect

    def view(request):
        if index_model.objects.first() is None:
            messages.error(request, missing)
            return redirect("wagtailadmin_home")
        index = writable_index(index_model, request.user)
        if index is None:
            raise PermissionDenied
        meta = page_model._meta
        return redirect("wagtailadmin_pages:add", meta.app_label, meta.model_name, index.pk)

    return view


def contribute_menu_item(index_model, label, url_name, key, order):
    """A menu item (kept in a member's menu) shown to whoever may add to the listing page."""
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    class ContributeMenuItem(MenuItem):
        def is_shown(self, request):
            return writable_index(index_model, request.user) is not None

    return ContributeMenuItem(
        label,
        reverse(url_name),
        name=f"{CONTRIBUTE_MENU_PREFIX}{key}",
        icon_name="edit",
        order=order,
    )


def contribution_viewset(page_model):
    """The admin views of a page type members contribute to, with Preview and History
    decided by the page's own permission test (as for profiles), not by group rights a
    member does not have. Register it with ``register_admin_viewset``."""
    from wagtail.admin.viewsets.pages import PageViewSet

    from lab_site.page_creation import CreatesPagesOnce

    from .views import ContributionPreviewOnCreateView, ProfileHistoryView, ProfilePreviewOnEditView

    class ContributionViewSet(CreatesPagesOnce, PageViewSet):
        model = page_model
        preview_on_add_view_class = ContributionPreviewOnCreateView
        preview_on_edit_view_class = ProfilePreviewOnEditView
        history_view_class = ProfileHistoryView

    return ContributionViewSet()
