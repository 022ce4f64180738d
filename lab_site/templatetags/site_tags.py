"""Template tags for the site's frame: navigation and page metadata."""

import json

from django import template
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page

from lab_site import listing_paths
from lab_site.fragments import PAGE_PARTS, page_part_key
from lab_site.pictures import picture_html
from lab_site.sections import site_sections

register = template.Library()


MENU_ITEMS_ATTRIBUTE = "lab_site_menu_items"


def menu_items(context):
    """The menu's items (title, url, page, current, ancestor), worked out once per request
    for the header's layout and the navigation."""
    request = context["request"]
    current = context.get("page")
    cached = getattr(request, MENU_ITEMS_ATTRIBUTE, None)
    if cached is not None and cached[0] is current:
        return cached[1]
    items = _menu_items(request, current)
    setattr(request, MENU_ITEMS_ATTRIBUTE, (current, items))
    return items


# What the header's row needs, in CSS pixels of the site's fonts (measured in Chromium on
# the demo: a menu link is its padding and about 8.5 px a character; the group's name, in
# the serif at 1.15 rem, about 9.5 px a character after the mark; search and theme 264 px).
LINK_PADDING, LINK_CHARACTER = 19, 8.5
BRAND_MARK, BRAND_CHARACTER = 44, 9.5
TOOLS, GAPS, GUTTERS = 264, 24, 64
# The widths (rem) from which the header may hold everything on one row; the container is
# never wider than 72 rem, so a header that needs more keeps its menu on a row of its own.
ONE_ROW_FROM = (56, 64, 72)
CONTAINER = 72 * 16


@register.simple_tag(takes_context=True)
def header_layout(context, group_name):
    """The header's class for how wide the screen must be for the group's name, the menu,
    search and theme to fit on one row (``site-header--one-row-from-64``), or
    ``site-header--menu-below`` when they never fit: the menu then has a row of its own
    below the name, at every width, instead of wrapping where it happens to."""
    items = menu_items(context)
    need = (
        BRAND_MARK
        + BRAND_CHARACTER * len(group_name or "")
        + sum(LINK_PADDING + LINK_CHARACTER * len(item["title"]) for item in items)
        + TOOLS
        + GAPS
    ) * 1.05  # a margin for fonts that set a little wider
    for rem in ONE_ROW_FROM:
        if need + GUTTERS <= min(rem * 16, CONTAINER):
            return f"site-header--one-row-from-{rem}"
    return "site-header--menu-below"


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The site's top navigation: the home page and its live children shown in menus.

    Built from the page tree so that editors add a section by ticking “Show in
    menus”; the children come from ``site_sections``, fetched once per request.
    """
    return {"items": menu_items(context)}


def _menu_items(request, current):
    root, children = site_sections(request)
    items = []
    if root is not None:
        items.append({"title": "Home", "url": root.get_url(request), "page": root})
        items.extend(
            {"title": child.title, "url": child.get_url(request), "page": child}
            for child in _in_menu([child for child in children if child.show_in_menus])
        )
    for item in items:
        page = item["page"]
        item["current"] = bool(current) and current.pk == page.pk
        item["ancestor"] = (
            bool(current)
            and not item["current"]
            and page.depth > 2
            and current.path.startswith(page.path)
        )
    return items


@register.filter
def menu_place(page):
    """Where ``page`` is, as far as the menu shows it: the section it is in (its ancestor
    just below the home page, by tree path) and whether it is that section (or the home
    page) or below it. The header is cached by this rather than per page: a thousand
    papers share one header."""
    path, depth = getattr(page, "path", None), getattr(page, "depth", None)
    if not path or not depth:
        return ""
    return f"{path[: Page.steplen * 3]}:{'here' if depth <= 3 else 'below'}"


def _in_menu(sections):
    """``sections`` but those that leave the menu while they list nothing: a section's page
    type says which pages count with a class method ``navigation_entries()`` (a query of
    them anywhere; news: the live public news). Whether each such section has one below it
    is asked in one query, for any number of sections."""
    checks = {}
    for section in sections:
        entries = getattr(section.specific_class, "navigation_entries", None)
        if entries is not None:
            checks[f"section_{section.pk}"] = Exists(entries().child_of(section))
    if not checks:
        return sections
    answers = Page.objects.filter(pk=sections[0].pk).annotate(**checks).values(*checks).first()
    return [section for section in sections if (answers or {}).get(f"section_{section.pk}", True)]


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """Render ``data`` as a JSON-LD script block, escaped like Django's ``json_script``.

    JSON-LD is data, not script: browsers do not run it, so it needs no CSP allowance.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_json_ld(context, page):
    """The page's schema.org data (``page.json_ld(request)``) as a JSON-LD block; nothing
    when the page has none to give (a closed opening)."""
    data = page.json_ld(context.get("request"))
    return jsonld(data) if data is not None else ""


@register.simple_tag(takes_context=True)
def collection_json_ld(context, name, *lists):
    """A list page's schema.org data: a CollectionPage listing the pages of ``lists``
    (the page's sections: upcoming and past events, current members and alumni)."""
    from lab_site.structured_data import item_list

    request = context.get("request")
    pages = [page for pages in lists for page in pages]
    return jsonld(item_list(request, name, pages)) if request is not None else ""


@register.simple_tag
def filter_url(listing, kind, value):
    """``{% filter_url parent_page "topic" topic.slug %}``: the list of ``listing`` for one
    filter value, at its own path where it has one (see ``lab_site.listing_paths``)."""
    return listing_paths.filter_url(listing, kind, value)


@register.simple_tag
def responsive_picture(image, specs, **attrs):
    """``{% responsive_picture page.image "format-{avif,webp,jpeg} width-{640,1280}"
    sizes="100vw" alt=page.image_alt_text %}``: Wagtail's <picture>, each width once
    (see ``lab_site.pictures``)."""
    return picture_html(image, specs, attrs)


@register.tag("page_part")
def do_page_part(parser, token):
    """``{% page_part "page-meta" %}…{% endpage_part %}``: a part of the page (one of
    ``lab_site.fragments.PAGE_PARTS``), kept in the cache by what the page's
    ``view_cache_vary`` gave, for FRAGMENT_CACHE_SECONDS; rendered each time when it gave
    None. The parts the page's ``get_context`` found in the cache are not asked again."""
    bits = token.split_contents()
    name = bits[1].strip("\"'") if len(bits) == 2 else ""
    if name not in PAGE_PARTS:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes the name of a part of the page: one of {', '.join(PAGE_PARTS)}."
        )
    nodelist = parser.parse(("endpage_part",))
    parser.delete_first_token()
    return PagePartNode(nodelist, name)


class PagePartNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        seconds = context.get("view_cache_seconds") or 0
        request, page = context.get("request"), context.get("page")
        if seconds <= 0 or request is None:
            return self.nodelist.render(context)
        held = context.get("page_parts") or {}
        if self.name in held:
            return held[self.name]
        key = page_part_key(request, page, self.name, context.get("view_cache_vary", ""))
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, seconds)
        return html


@register.simple_tag
def admin_site_name():
    """The group's name for the admin's browser tabs (``lab_site.mail.site_name``)."""
    from lab_site.mail import site_name

    return site_name()
