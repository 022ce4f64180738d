"""Text helpers every app shares: rich text as plain text, the words of a text, and slugs."""

import html
import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug

# Letters and digits of any script; everything else separates words.
WORD_RE = re.compile(r"[^\W_]+")


def html_to_text(value):
    """Rich-text HTML as plain text: tags removed, entities decoded, spaces collapsed.

    Templates escape the result again, so decoding here avoids “&amp;quot;” on the page.
    """
    return " ".join(html.unescape(strip_tags(value or "")).split())


def words(text):
    """The words of ``text`` (letters and digits of any script, after NFKC), space-separated.

    For comparing and searching text whatever its script: punctuation, quotes and search
    syntax drop out, "Ｇｒｏｋ" and "Grok" become the same word.
    """
    return " ".join(WORD_RE.findall(unicodedata.normalize("NFKC", text)))


SLUG_LENGTH = 70  # leaves room for "-12" under Wagtail's 255 and keeps addresses short


def slug_from(text, fallback="page"):
    """``text`` as a slug (letters, digits and hyphens), or ``fallback`` when none is left."""
    return slugify(text)[:SLUG_LENGTH].strip("-") or fallback


def free_slug(parent, text, *, fallback="page", page=None):
    """A slug made from ``text`` that no other child of ``parent`` uses yet (``…-1``,
    ``…-2`` when taken); ``page`` is the page being edited, whose own slug is free."""
    ignore = page.pk if page is not None and page.pk else None
    return find_available_slug(parent, slug_from(text, fallback), ignore_page_id=ignore)
