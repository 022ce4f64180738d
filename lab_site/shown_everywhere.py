"""The one list of what every page shows, besides its own content: the site's settings,
the sites and redirects, images, privacy settings, and every app's snippets (topics). A
change to any of these may change any page, so the page cache forgets every page: it asks
``shown_on_every_page``. The static copy asks ``pages_showing``, which is finer for images
and documents: they show on the pages that use them (Wagtail's reference index), and a
new one on none yet.

A new content type needs nothing here: its snippets and settings count by their kind.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)
from wagtail.snippets.models import get_snippet_models


def shown_on_every_page(model, created=False):
    """Whether a change to a row of ``model`` may show on every page. A setting created
    (empty) the first time a page reads it changes nothing."""
    if issubclass(model, BaseSiteSetting | BaseGenericSetting):
        return not created
    shown = {get_image_model(), Site, Redirect, PageViewRestriction, CollectionViewRestriction}
    return model in shown or model in get_snippet_models()


def pages_showing(instance, created=False):
    """The ids of the pages a change to ``instance`` may show on: ``None`` for every page,
    an empty set for none. An image or a document shows on the pages that use it (their
    fields, their body's blocks and rich text, as Wagtail's reference index records them)
    and on those that list them (the static copy renders those with the page); used by a
    setting or a snippet, it shows everywhere. A new one is on no page yet."""
    model = type(instance)
    if issubclass(model, get_image_model() | get_document_model()):
        if created:
            return set()
        page_type = ContentType.objects.get_for_model(Page)
        sources = ReferenceIndex.get_references_to(instance).values_list(
            "base_content_type_id", "object_id"
        )
        pages = set()
        for base_type, object_id in sources.distinct():
            if base_type != page_type.pk:
                return None
            pages.add(int(object_id))
        return pages
    return None if shown_on_every_page(model, created=created) else set()
