"""The home page's "Photos" section."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import ListingBlock
from lab_site.query import prefetch_renditions
from lab_site.sections import section_page


class RecentPhotosBlock(ListingBlock):
    """A few photos of the newest galleries; hidden while there is none."""

    count = blocks.IntegerBlock(
        min_value=1,
        max_value=12,
        default=4,
        label=_("How many"),
        help_text=_("Photos of the newest galleries, in their order."),
    )

    class Meta:
        icon = "image"
        label = _("Photos")
        template = "galleries/blocks/photos.html"
        description = _("A few photos of the newest galleries; hidden while none.")
        preview_value = {"heading": "Life in the group", "intro": "", "count": 4}

    def get_preview_context(self, value, parent_context=None):
        return {**super().get_preview_context(value, parent_context), "block_preview": True}

    def listing(self, value, request):
        from .models import GalleryIndexPage, GalleryPage, GalleryPhoto

        count = value.get("count") or 4
        galleries = list(GalleryPage.objects.live().public().order_by("-date", "-pk")[:count])
        order = {gallery.pk: rank for rank, gallery in enumerate(galleries)}
        photos = (
            GalleryPhoto.objects.filter(page__in=galleries, image__isnull=False)
            .exclude(alt_text="")
            .select_related("image", "page")
            .prefetch_related(prefetch_renditions("image"))
        )
        chosen = sorted(photos, key=lambda photo: (order[photo.page_id], photo.sort_order))
        shown = []
        for photo in chosen[:count]:
            number = [p for p in chosen if p.page_id == photo.page_id].index(photo) + 1
            shown.append((photo, photo.page.photo_url(number)))
        return {"photos": shown, "index": section_page(request, GalleryIndexPage)}
