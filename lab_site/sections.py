"""The site's sections: the live public pages directly under the home page, looked up once
per request.

The navigation lists them, and home page sections link to them ("All publications"),
so they are fetched with one query and kept on the request for everything else.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site

from .query import site_pages

REQUEST_ATTRIBUTE = "lab_site_sections"


def site_sections(request):
    """(home page, its live public children in tree order) for the request's site."""
    cached = getattr(request, REQUEST_ATTRIBUTE, None) if request is not None else None
    if cached is not None:
        return cached
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        sections = (None, [])
    else:
        root = site.root_page
        sections = (root, list(site_pages().child_of(root).live().public()))
    if request is not None:
        setattr(request, REQUEST_ATTRIBUTE, sections)
    return sections


def section_page(request, model):
    """The live page of type ``model`` directly under the home page (e.g. the people page)."""
    content_type = ContentType.objects.get_for_model(model)
    _root, children = site_sections(request)
    return next((page for page in children if page.content_type_id == content_type.pk), None)
