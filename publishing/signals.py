"""What sends a change to the static copies (see ``tasks``)."""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from lab_site.shown_everywhere import pages_showing

from . import tasks


def _page_changed(sender, instance, **kwargs):
    tasks.schedule([instance.pk])


def _page_deleted(sender, instance, **kwargs):
    tasks.schedule([instance.pk])


def _everything_changed(sender, instance, created=False, **kwargs):
    """What every page shows (``lab_site.shown_everywhere``): settings, sites, redirects,
    privacy, snippets; an image, on the pages that use it. A page made private (or public
    again) takes its pages below with it."""
    pages = pages_showing(instance, created=created)
    if pages is None:
        tasks.schedule(everything=True)
    elif pages:
        tasks.schedule(pages)


def connect():
    page_published.connect(_page_changed, dispatch_uid="static-copy-published")
    page_unpublished.connect(_page_changed, dispatch_uid="static-copy-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="static-copy-moved")
    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid="static-copy-deleted")
    post_save.connect(_everything_changed, dispatch_uid="static-copy-everything-saved")
    post_delete.connect(_everything_changed, dispatch_uid="static-copy-everything-deleted")
