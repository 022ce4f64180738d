"""Turning stored rich text into plain text for meta tags, search and structured data."""

import html
import re
import unicodedata

from django.utils.html import strip_tags

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
