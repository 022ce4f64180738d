"""The admin's page about the static copy: when it was last published, how long it took,
what went wrong; and a button to publish everything again."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from . import progress
from .build import PublishError, checked_base_url
from .copies import start_copy
from .models import StaticCopy
from .tasks import update_static_copies


class StartCopyForm(forms.Form):
    base_url = forms.URLField(
        label="Address visitors will use",
        max_length=500,
        assume_scheme="https",
        help_text="Where the copy will be served, e.g. https://lab.example.org/ or "
        "https://user.github.io/lab/. Its links are made for this address; it can be "
        "changed later by publishing again.",
    )


def may_manage(user):
    return user.is_active and (user.is_superuser or user.has_perm("publishing.change_staticcopy"))


def status(request, form=None):
    if not may_manage(request.user):
        raise PermissionDenied
    copies = list(StaticCopy.objects.order_by("base_url"))
    for copy in copies:
        copy.progress = progress.read(copy.folder)
    waiting = waiting_updates()
    return TemplateResponse(
        request,
        "publishing/admin/status.html",
        {
            "copies": copies,
            "waiting": waiting,
            "busy": bool(waiting["running"] or waiting["waiting"]),
            "first": bool(copies) and not any(copy.last_started_at for copy in copies),
            "form": form or StartCopyForm(),
            "folder": settings.STATIC_COPY_FOLDER,
            "page_title": "Static copy",
            "header_title": "Static copy",
            "header_icon": "upload",
        },
    )


def waiting_updates():
    """{"waiting": updates not started yet, "running": being written now} when a worker
    updates the copy (``tasks``); with the immediate backend there is never one waiting."""
    updates = DBTaskResult.objects.filter(task_path=update_static_copies.module_path)
    oldest = updates.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "waiting": updates.ready().count(),
        "running": updates.running().count(),
        # A worker takes an update within a second: one waiting a minute has none.
        "stuck": oldest is not None and (timezone.now() - oldest).total_seconds() > 60,
    }


@require_POST
def start(request):
    """Make the static copy and start its first publish (in the worker, when there is
    one): the Static copy page then shows how far it has got."""
    if not may_manage(request.user):
        raise PermissionDenied
    if StaticCopy.objects.exists():
        return redirect("publishing_status")
    form = StartCopyForm(request.POST)
    if form.is_valid():
        try:
            base_url = checked_base_url(form.cleaned_data["base_url"])
        except PublishError as error:
            form.add_error("base_url", str(error))
        else:
            try:
                start_copy(base_url)
            except PublishError as error:  # the folder, or no site to publish
                form.add_error(None, str(error))
    if not form.is_valid():
        return status(request, form)
    messages.success(request, "The static copy is being made.")
    return redirect("publishing_status")


@require_POST
def publish_everything(request):
    if not may_manage(request.user):
        raise PermissionDenied
    if not StaticCopy.objects.exists():
        messages.error(request, "There is no static copy yet: make it first, below.")
    else:
        update_static_copies.enqueue([], True)
        messages.success(request, "The whole static copy is being published again.")
    return redirect("publishing_status")
