"""LaTeX in titles and abstracts, rendered on the server.

``render(text)`` turns a title or abstract as authors write it ("a $N^{-α}$ law,
\\emph{quanta}") into safe HTML: math becomes MathML, text commands become HTML or
Unicode, and everything else is escaped. Anything it cannot convert with certainty
falls back to its escaped source, so malformed input never breaks the page and no
markup gets through. ``plain_text(text)`` gives the form used for search and meta tags.
"""

import functools
import re
import xml.etree.ElementTree as ET

from django.utils.html import escape
from django.utils.safestring import mark_safe
from latex2mathml.converter import convert as latex_to_mathml
from pylatexenc.latex2text import LatexNodes2Text

MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
MATHML_ELEMENTS = {
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "mfenced",
    "menclose",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mlabeledtr",
    "semantics",
    "annotation",
    "mmultiscripts",
    "mprescripts",
    "none",
}
MATHML_ATTRIBUTES = {
    "display",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "columnalign",
    "columnlines",
    "columnspacing",
    "rowspacing",
    "rowlines",
    "frame",
    "linethickness",
    "accent",
    "accentunder",
    "movablelimits",
    "minsize",
    "maxsize",
    "width",
    "height",
    "depth",
    "notation",
    "symmetric",
    "largeop",
    "form",
    "scriptlevel",
    "displaystyle",
    "open",
    "close",
    "separators",
    "align",
    "encoding",
}

# Math delimiters, tried in this order where a math stretch may start: $$…$$, \[…\], $…$,
# \(…\). A backslash-escaped dollar (\$) is text.
DELIMITERS = [("$$", "$$", True), ("\\[", "\\]", True), ("$", "$", False), ("\\(", "\\)", False)]
# The longest abstract an editor or an import may store (characters); titles are
# limited to 255 by Wagtail's page title.
ABSTRACT_MAX_LENGTH = 10_000
TEXT_COMMANDS = {
    "emph": "em",
    "textit": "em",
    "textbf": "strong",
    "texttt": "code",
    "textsc": "span",
    "underline": "u",
}
COMMAND_RE = re.compile(r"\\(" + "|".join(TEXT_COMMANDS) + r")\s*\{([^{}]*)\}")
SIMPLE_REPLACEMENTS = [
    ("---", "\u2014"),
    ("--", "\u2013"),
    ("``", "\u201c"),
    ("''", "\u201d"),
    ("~", "\u00a0"),
    ("\\%", "%"),
    ("\\&", "&"),
    ("\\$", "$"),
    ("\\_", "_"),
    ("\\#", "#"),
    ("\\{", "{"),
    ("\\}", "}"),
]
ACCENT_RE = re.compile(r"\\([`'^\"~=.uvHcdbrk])\s*(\{\\?[A-Za-z]\}|\\?[A-Za-z])")
_latex2text = LatexNodes2Text()


def _safe_mathml(source, display):
    """MathML for ``source`` if it converts to nothing but MathML, else None."""
    try:
        mathml = latex_to_mathml(source, display="block" if display else "inline")
        root = ET.fromstring(mathml)  # noqa: S314 - our own converter's output, never fetched
    except Exception:  # noqa: BLE001 - any failure of the converter means "not convertible"
        return None
    for element in root.iter():
        name = element.tag.removeprefix(MATHML_NS)
        if name not in MATHML_ELEMENTS:
            return None
        for attribute, value in element.attrib.items():
            if attribute not in MATHML_ATTRIBUTES or ":" in value or "<" in value:
                return None
    return mathml


def _accent(match):
    try:
        converted = _latex2text.latex_to_text(match.group(0))
    except Exception:  # noqa: BLE001 - leave what pylatexenc cannot read as it was
        return match.group(0)
    return converted if len(converted) <= 2 else match.group(0)


def _text_to_unicode(text):
    text = ACCENT_RE.sub(_accent, text)
    for old, new in SIMPLE_REPLACEMENTS:
        text = text.replace(old, new)
    return text


def _render_text(text):
    """Escaped HTML for a stretch of text, with the simple text commands converted."""
    parts = []
    position = 0
    for match in COMMAND_RE.finditer(text):
        parts.append(escape(_text_to_unicode(text[position : match.start()])))
        tag = TEXT_COMMANDS[match.group(1)]
        inner = escape(_text_to_unicode(match.group(2)))
        css = ' class="small-caps"' if match.group(1) == "textsc" else ""
        parts.append(f"<{tag}{css}>{inner}</{tag}>")
        position = match.end()
    parts.append(escape(_text_to_unicode(text[position:])))
    return "".join(parts)


def _segments(text):
    """Yield ("text", source) and ("math", source, display, original) pieces of ``text``.

    One pass, linear in the length of the text: at each possible opening delimiter the
    nearest closing one is looked up, and a closing delimiter found missing once is never
    looked for again (many unclosed "\\(" would otherwise cost a scan each).
    """
    position, text_start, length = 0, 0, len(text)
    missing = {}  # closing delimiter -> position after which it does not occur
    while position < length:
        char = text[position]
        if char not in "$\\":
            position += 1
            continue
        if char == "\\" and text[position + 1 : position + 2] not in ("[", "("):
            position += 2  # an escape such as \$ or \\: never a delimiter
            continue
        for opening, closing, display in DELIMITERS:
            if not text.startswith(opening, position):
                continue
            start = position + len(opening)
            end = _closing(text, closing, start, missing)
            if end is None or end == start:
                continue
            if position > text_start:
                yield ("text", text[text_start:position])
            yield ("math", text[start:end], display, text[position : end + len(closing)])
            position = text_start = end + len(closing)
            break
        else:
            position += 1
    if text_start < length:
        yield ("text", text[text_start:])


def _closing(text, closing, start, missing):
    """Where ``closing`` next occurs from ``start`` (a lone "$" not escaped), or None."""
    if start >= missing.get(closing, len(text) + 1):
        return None
    found = start
    while True:
        found = text.find(closing, found)
        if found == -1:
            missing[closing] = start
            return None
        if closing != "$" or text[found - 1] != "\\":
            return found
        found += 1


@functools.lru_cache(maxsize=4096)
def render(text):
    """Safe HTML for a title or abstract written with LaTeX.

    Cached by text: the list shows 50 titles per page, each converted again at every view.
    """
    html = []
    for segment in _segments(text or ""):
        if segment[0] == "text":
            html.append(_render_text(segment[1]))
            continue
        _kind, source, display, original = segment
        mathml = _safe_mathml(source.strip(), display)
        html.append(mathml if mathml else f'<code class="latex">{escape(original)}</code>')
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped or checked MathML


@functools.lru_cache(maxsize=2048)
def plain_text(text):
    """Readable plain text (math without dollars, commands without backslashes) for search and meta tags.

    Cached by text: search indexing and meta tags ask for the same abstract several times.
    """
    pieces = []
    for segment in _segments(text or ""):
        if segment[0] == "text":
            pieces.append(_text_to_unicode(COMMAND_RE.sub(r"\2", segment[1])))
        else:
            source = segment[1].strip()
            try:
                converted = _latex2text.latex_to_text(source)
            except Exception:  # noqa: BLE001
                converted = source
            pieces.append(" ".join(converted.split()))
    return " ".join("".join(pieces).split())
