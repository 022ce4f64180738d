"""Wagtail hooks of the galleries app: adding a collection's photos to a gallery, and its
kind in the site search."""

from django.urls import path
from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind

from . import views
from .models import GalleryPage


@hooks.register("register_admin_urls")
def register_gallery_urls():
    return [
        path(
            "galleries/<int:page_id>/add-collection/",
            views.add_collection_photos,
            name="galleries_add_collection",
        )
    ]


@hooks.register(HOOK, order=100)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("galleries", "Photos", "galleries/includes/search_result.html", GalleryPage)
