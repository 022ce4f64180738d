"""The one list of what every page shows, besides its own content: the site's settings,
the sites and redirects, images, privacy settings, and every app's snippets (topics). A
change to any of these may change any page, so the page cache forgets every page and the
static copy renders everything again: both ask ``shown_on_every_page``.

A new content type needs nothing here: its snippets and settings count by their kind.
"""

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site
from wagtail.snippets.models import get_snippet_models


def shown_on_every_page(model, created=False):
    """Whether a change to a row of ``model`` may show on every page. A setting created
    (empty) the first time a page reads it changes nothing."""
    if issubclass(model, BaseSiteSetting | BaseGenericSetting):
        return not created
    shown = {get_image_model(), Site, Redirect, PageViewRestriction, CollectionViewRestriction}
    return model in shown or model in get_snippet_models()
