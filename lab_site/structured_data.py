"""schema.org data shared by the page types: the group as a ResearchOrganization, the
site as a WebSite, and list pages as an ItemList of what they show."""

from django.templatetags.static import static
from wagtail.models import Site

from .models import SiteSettings


def organization(request, *, full=False):
    """The group, from the site settings: name and address always; with ``full``, also
    its description, logo, e-mail and accounts elsewhere (for the home page)."""
    settings = SiteSettings.for_request(request)
    site = Site.find_for_request(request)
    root = site.root_page.get_full_url(request) if site else request.build_absolute_uri("/")
    data = {
        "@type": "ResearchOrganization",
        "name": settings.group_name or (site.site_name if site else ""),
        "url": root,
    }
    if not full:
        return data
    if settings.tagline:
        data["description"] = settings.tagline
    if settings.logo_id:
        data["logo"] = settings.logo.get_rendition("fill-512x512").full_url
    else:
        data["logo"] = request.build_absolute_uri(static("favicon.svg"))
    if settings.contact_email:
        data["email"] = f"mailto:{settings.contact_email}"
    if settings.address_lines():
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(settings.address_lines()),
        }
    links = [block.value.get("url") for block in settings.social_links if block.value.get("url")]
    if links:
        data["sameAs"] = links
    return data


def page_image(page, request):
    """The address of the image a page is shared with (its social image, else the group's
    logo), as Google's rich results ask of articles and events; None when there is none."""
    if page.social_image_id:
        return page.social_image.get_rendition("fill-1200x630|format-jpeg").full_url
    if request is None:
        return None
    settings = SiteSettings.for_request(request)
    if settings.logo_id:
        return settings.logo.get_rendition("fill-512x512").full_url
    return None


def person(name, member=None, request=None):
    """An author as a schema.org Person: linked to their profile when they are a member."""
    data = {"@type": "Person", "name": name}
    if member is not None:
        data["url"] = member.get_full_url(request)
    return data


def funding(page, request=None):
    """The live grants behind ``page`` as schema.org grants (its ``funding``), each once, by
    title: read through the reverse relation ``grant_links`` the funding app declares on
    papers and members (none when it is not installed)."""
    links = getattr(page, "grant_links", None)
    if links is None:
        return []
    rows = links.filter(page__live=True).select_related("page").order_by("page__title", "page__pk")
    grants = {row.page_id: row.page for row in rows}
    return [grant.grant_json_ld(request) for grant in grants.values()]


def item_list(request, name, pages):
    """A CollectionPage whose main entity lists ``pages`` (their addresses), in order."""
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "url": request.build_absolute_uri(request.path),
        "isPartOf": {"@type": "WebSite", "url": request.build_absolute_uri("/")},
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "url": page.get_full_url(request)}
                for position, page in enumerate(pages, start=1)
            ],
        },
    }


HEADLINE_LENGTH = 110  # Google's limit for an article's headline


def headline(text, limit=HEADLINE_LENGTH):
    """``text`` cut at a word to at most ``limit`` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return f"{cut}…"
