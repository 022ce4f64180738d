"""Which uploaded files an anonymous visitor may fetch: one rule for the live site's media
address (``SERVE_MEDIA``) and for the static copy, which holds only what the live site
would give anyone.

A file is public when it is an original image, a rendition of one or a document whose
collection has no privacy setting (Wagtail's collection privacy, on it or a collection
above it). A file no image or document owns (a stray upload, a guessed name) is not.
"""

from django.core.files.storage import FileSystemStorage
from django.http import Http404
from django.utils.encoding import filepath_to_uri
from django.views.static import serve
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection


def plain_name(name):
    """Whether ``name`` is a plain relative storage name (no "..", "." or empty parts, no
    absolute path, backslash or NUL), the only kind the storage itself gives."""
    parts = name.split("/")
    return (
        bool(name)
        and "\\" not in name
        and "\x00" not in name
        and all(part not in ("", ".", "..") for part in parts)
    )


class SiteFileStorage(FileSystemStorage):
    """Django's storage of uploads in MEDIA_ROOT, whose ``url`` joins the media address
    and the name directly: ``urljoin`` costs more than the rest of a responsive picture,
    and a page of member cards names hundreds of renditions. A name with a "." or ".."
    part (never one the storage gives) is joined by ``urljoin`` as before."""

    def url(self, name):
        base = self.base_url  # ends in "/" (Django adds it)
        if base is None:
            return super().url(name)
        url = (filepath_to_uri(name) or "").lstrip("/")
        if any(part in (".", "..") for part in url.split("/")):
            return super().url(name)
        return base + url


def owning_collection(name):
    """The id of the collection of the image or document whose file (or rendition) is
    ``name``, or None when nothing owns it."""
    image_model = get_image_model()
    owners = (
        image_model.get_rendition_model().objects.filter(file=name),
        image_model.objects.filter(file=name),
        get_document_model().objects.filter(file=name),
    )
    fields = ("image__collection", "collection", "collection")
    for owner, field in zip(owners, fields, strict=True):
        found = owner.values_list(field, flat=True).first()
        if found is not None:
            return found
    return None


def collection_is_public(collection_id, known=None):
    """Whether the collection has no privacy setting on it or above it; ``known`` (a dict)
    remembers the answers of one build."""
    if known is not None and collection_id in known:
        return known[collection_id]
    collection = Collection.objects.filter(pk=collection_id).first()
    public = collection is not None and not collection.get_view_restrictions().exists()
    if known is not None:
        known[collection_id] = public
    return public


def media_is_public(name, known=None):
    """Whether an anonymous visitor may fetch the uploaded file stored as ``name``."""
    if not plain_name(name):
        return False
    collection_id = owning_collection(name)
    return collection_id is not None and collection_is_public(collection_id, known)


def serve_public_media(request, path, document_root):
    """Django's file view for ``SERVE_MEDIA``, for public files only (404 otherwise, as
    for a file that does not exist: a private file's name is not confirmed)."""
    if not media_is_public(path):
        raise Http404("No such file.")
    return serve(request, path, document_root=document_root)
