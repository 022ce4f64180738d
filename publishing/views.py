"""The admin's page about the static copy: when it was last published, how long it took,
what went wrong; and a button to publish everything again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from .models import StaticCopy
from .tasks import update_static_copies


def may_manage(user):
    return user.is_active and (user.is_superuser or user.has_perm("publishing.change_staticcopy"))


def status(request):
    if not may_manage(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "publishing/admin/status.html",
        {
            "copies": StaticCopy.objects.order_by("base_url"),
            "waiting": waiting_updates(),
            "page_title": "Static copy",
            "header_title": "Static copy",
            "header_icon": "upload",
        },
    )


def waiting_updates():
    """{"waiting": updates not started yet, "running": being written now} when a worker
    updates the copy (``tasks``); with the immediate backend there is never one waiting."""
    updates = DBTaskResult.objects.filter(task_path=update_static_copies.module_path)
    return {"waiting": updates.ready().count(), "running": updates.running().count()}


@require_POST
def publish_everything(request):
    if not may_manage(request.user):
        raise PermissionDenied
    if not StaticCopy.objects.exists():
        messages.error(request, "There is no static copy yet: make one with publish_static.")
    else:
        update_static_copies.enqueue([], True)
        messages.success(request, "The whole static copy is being published again.")
    return redirect("publishing_status")
