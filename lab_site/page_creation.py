"""One editing session of a new page makes one page.

Wagtail autosaves a new page in the background by posting its form to the create view,
which makes the page and then points the form at the page's edit view. An editor who
clicks *Save draft* or *Publish* before that answer arrives posts the same form to the
create view a second time, and Wagtail made a second page (its slug then taken, ours
filled in "…-1"). Which of the two posts comes first depends on the network and the
server, so the fix cannot rest on the order:

- the form of a new page carries a random key (``static/lab_site/js/new-page.js``, added
  to every editor by ``insert_editor_js``);
- the create view claims the key in the same transaction that makes the page, with the
  parent page's row locked, so that two posts of one form (or of two forms under one
  parent) run one after the other;
- a post whose key already made a page is handed to that page's edit view, with the
  form's inline children (authors, links…) matched to the ones the first post made, so
  that it changes the page instead of adding a second copy of them. An autosave answered
  this way gets the addresses a create view's answer carries, so the form switches to
  editing the page, as after Wagtail's own first autosave.

The key proves nothing about who may do what: every post still goes through Wagtail's
own views, with their permission checks.
"""

import json
import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet, page_viewset_registry
from wagtail.models import Page, get_page_models

from .models import BasePage, PageCreation

FIELD = "lab_site_creation_key"
KEY_PATTERN = re.compile(r"[0-9a-f]{32}")
KEPT_FOR = timedelta(days=1)  # an editing session of a new page lasts less


def creation_key(request):
    """The new page form's key in this post, or None when it has none (or a bad one)."""
    key = request.POST.get(FIELD, "")
    return key if KEY_PATTERN.fullmatch(key) else None


def claim(request, key):
    """This form's claim, made now or by an earlier post of the same form. Run inside a
    transaction: the claim and the page it makes are written together or not at all."""
    PageCreation.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    found, _created = PageCreation.objects.get_or_create(key=key, defaults={"user": request.user})
    if found.user_id != request.user.pk:
        raise PermissionDenied("This form belongs to another account's editing session.")
    return found


def count(value):
    """A formset's count as posted; 0 for anything but digits (the edit form then says
    what is wrong with its management data, as Wagtail's does)."""
    return int(value) if isinstance(value, str) and value.isdigit() else 0


def as_edit_of(page, data, user):
    """``data`` (a new page form's post) made into a post of ``page``'s edit form: each
    inline formset's forms take the ids of the children the first post made, in order;
    children beyond the forms are marked deleted, so that the page ends with the children
    this post holds, not twice as many."""
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=page.get_parent().specific, for_user=user)
    data = data.copy()
    for formset in form.formsets.values():
        prefix = formset.prefix
        if count(data.get(f"{prefix}-INITIAL_FORMS")):
            continue  # already a post of an edit form
        made = [child_form.instance.pk for child_form in formset.initial_forms]
        posted = count(data.get(f"{prefix}-TOTAL_FORMS"))
        for number, pk in enumerate(made):
            data[f"{prefix}-{number}-id"] = str(pk)
            if number >= posted:
                data[f"{prefix}-{number}-DELETE"] = "1"
        data[f"{prefix}-INITIAL_FORMS"] = str(len(made))
        data[f"{prefix}-TOTAL_FORMS"] = str(max(posted, len(made)))
    return data


class CreatePageOnce(CreateView):
    """Wagtail's create view, once per editing session of a new page (see above)."""

    def post(self, request):
        key = creation_key(request)
        if key is None:
            return super().post(request)
        with transaction.atomic():
            # Posts of new pages under one parent wait for each other here: also two
            # different pages, whose places in the tree would otherwise clash.
            Page.objects.select_for_update().filter(pk=self.parent_page.pk).first()
            found = claim(request, key)
            if found.page_id is None:
                response = super().post(request)
                if self.page.pk:
                    found.page_id = self.page.pk
                    found.save(update_fields=["page"])
                else:  # the form had errors: nothing was made, the key is free again
                    found.delete()
                return response
        return self.edit_instead(request, found.page_id)

    def edit_instead(self, request, page_id):
        page = Page.objects.get(pk=page_id).specific
        request.POST = as_edit_of(page, request.POST, request.user)
        edit_view = page_viewset_registry.get_by_page_id(page_id).get_view_by_name("edit")
        response = edit_view(request, page_id=page_id)
        if not isinstance(response, JsonResponse):
            return response
        answer = json.loads(response.content)
        if answer.get("success"):
            # What the create view's answer carries: the form then posts to the edit view
            # and takes the edit view's header, as after Wagtail's own first autosave.
            edit_url = reverse(self.edit_url_name, args=(page_id,))
            answer.pop("html", None)
            answer["url"] = edit_url
            answer["hydrate_url"] = f"{edit_url}?_w_hydrate_create_view=1"
        return JsonResponse(answer, status=response.status_code)


class CreatesPagesOnce:
    """For a ``PageViewSet``: its create view is the one above. Page types with admin
    views of their own take this too."""

    add_view_class = CreatePageOnce


class SitePageViewSet(CreatesPagesOnce, PageViewSet):
    """The admin views of a page type of the site: Wagtail's, with the create view
    above."""

    @property
    def parent_models(self):
        # Wagtail would list a section's pages with this viewset's listing; the explorer
        # keeps its own, as before.
        return []


def site_page_viewsets():
    """A viewset for each page type of the site. Registered before the feature apps'
    own viewsets (``order`` of the hook), which then take their page types' place."""
    return [
        SitePageViewSet(model=model)
        for model in get_page_models()
        if issubclass(model, BasePage) and not model._meta.abstract
    ]
