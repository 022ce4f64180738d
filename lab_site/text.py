"""Turning stored rich text into plain text for meta tags, search and structured data."""

import html

from django.utils.html import strip_tags


def html_to_text(value):
    """Rich-text HTML as plain text: tags removed, entities decoded, spaces collapsed.

    Templates escape the result again, so decoding here avoids “&amp;quot;” on the page.
    """
    return " ".join(html.unescape(strip_tags(value or "")).split())
