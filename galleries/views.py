"""Admin: "Add the collection's photos" to a gallery, as a draft the editor then describes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from .models import GalleryPage, GalleryPhoto


def photos_to_add(gallery):
    """The images of the gallery's collection that it does not show yet, oldest first."""
    if gallery.collection_id is None:
        return get_image_model().objects.none()
    shown = {photo.image_id for photo in gallery.photos.all()}
    return (
        get_image_model()
        .objects.filter(collection_id=gallery.collection_id)
        .exclude(pk__in=shown)
        .order_by("created_at", "pk")
    )


def add_collection_photos(request, page_id):
    page = get_object_or_404(GalleryPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    gallery = page.get_latest_revision_as_object()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if gallery.collection_id is None:
        messages.error(request, _("Choose the gallery's collection first, and save."))
        return redirect(edit)
    images = list(photos_to_add(gallery))
    if request.method != "POST":
        return TemplateResponse(
            request,
            "galleries/admin/add_collection.html",
            {"page": page, "gallery": gallery, "images": images},
        )
    for image in images:
        gallery.photos.add(GalleryPhoto(image=image, alt_text=image.description or ""))
    if images:
        gallery.save_revision(user=request.user, log_action=True)
    messages.success(
        request,
        _(
            "Added %(count)d photos of “%(collection)s” to the draft. Describe each one for "
            "people who cannot see it, then publish."
        )
        % {"count": len(images), "collection": gallery.collection.name},
    )
    return redirect(edit)
