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
    shown = []
    for photo in photos:
        order = list(
            GalleryPhoto.objects.filter(page_id=photo.page_id, image__isnull=False)
            .order_by("sort_order")
            .values_list("pk", flat=True)
        )
        shown.append((photo, photo.page.photo_url(order.index(photo.pk) + 1)))
    return {"photos": shown, "member": member}
