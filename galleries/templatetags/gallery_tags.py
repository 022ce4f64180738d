"""How lower apps show photos without importing this app: a member's profile loads
``{% member_photos page %}``."""

from django import template

from lab_site.query import prefetch_renditions

from ..models import GalleryPage, GalleryPhoto

register = template.Library()


@register.inclusion_tag("galleries/includes/member_photos.html")
def member_photos(member, count=6):
    """The newest photos of published galleries that name ``member``, with their address."""
    galleries = GalleryPage.objects.live().public()
    photos = list(
        GalleryPhoto.objects.filter(people=member, page__in=galleries, image__isnull=False)
        .select_related("image", "page")
        .prefetch_related(prefetch_renditions("image"))
        .order_by("-page__date", "page_id", "sort_order")[:count]
    )
    # Each photo's number in its gallery (its address), read for all of them at once.
    numbers, counted = {}, {}
    for page_id, pk in (
        GalleryPhoto.objects.filter(
            page_id__in={photo.page_id for photo in photos}, image__isnull=False
        )
        .order_by("page_id", "sort_order")
        .values_list("page_id", "pk")
    ):
        counted[page_id] = counted.get(page_id, 0) + 1
        numbers[pk] = counted[page_id]
    shown = [(photo, photo.page.photo_url(numbers[photo.pk])) for photo in photos]
    return {"photos": shown, "member": member}
