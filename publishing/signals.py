"""What sends a change to the static copies (see ``tasks``)."""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import tasks


def _page_changed(sender, instance, **kwargs):
    tasks.schedule([instance.pk])


def _page_deleted(sender, instance, **kwargs):
    tasks.schedule([instance.pk])


def _everything_changed(sender, instance, **kwargs):
    """Settings, snippets (topics), images: every page may show them. A page made private
    (or public again) takes its pages below with it."""
    shown_everywhere = BaseSiteSetting | BaseGenericSetting | PageViewRestriction
    if isinstance(instance, shown_everywhere | get_image_model()) or (
        type(instance) in get_snippet_models()
    ):
        tasks.schedule(everything=True)


def connect():
    page_published.connect(_page_changed, dispatch_uid="static-copy-published")
    page_unpublished.connect(_page_changed, dispatch_uid="static-copy-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="static-copy-moved")
    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid="static-copy-deleted")
    post_save.connect(_everything_changed, dispatch_uid="static-copy-everything-saved")
    post_delete.connect(_everything_changed, dispatch_uid="static-copy-everything-deleted")
