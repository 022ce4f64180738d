"""Query helpers every app's page types share."""

from django.db.models import Prefetch


def prefetch_renditions(lookup):
    """Prefetch the renditions of the images at ``lookup`` (e.g. ``"photo"``) in one query.

    They land in ``prefetched_renditions``, the list Wagtail's image tags read first
    (Wagtail's documented way to render many images without a query each).
    """
    from wagtail.images import get_image_model

    return Prefetch(
        f"{lookup}__renditions",
        queryset=get_image_model().get_rendition_model().objects.all(),
        to_attr="prefetched_renditions",
    )
