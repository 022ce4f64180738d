"""LaTeX in titles and abstracts, rendered on the server.

``render(text)`` turns a title or abstract as authors write it ("a $N^{-α}$ law,
\\emph{quanta}") into safe HTML: math becomes MathML, text commands become HTML or
Unicode, and everything else is escaped. Anything it cannot convert with certainty
falls back to its escaped source, so malformed input never breaks the page and no
markup gets through. ``plain_text(text)`` gives the form used for search and meta tags.
"""

import functools
import re
import unicodedata
import xml.etree.ElementTree as ET

from django.utils.html import escape
from django.utils.safestring import mark_safe
from latex2mathml.converter import convert as latex_to_mathml

from .derived import cached
from .latex_text import balanced_braces, convert, placeholder, without_placeholders
from .mathml import typeset

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
    return typeset(mathml)


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
def _converted(text):
    """``_convert(text)``, kept in this process and in the shared cache: a list's exports and
    pages read a thousand abstracts, each converted once for every process."""
    return cached("latex", text or "", _convert)


def _convert(text):
    """The text parts converted by ``latex_text`` with the math stretches standing in as
    placeholders, each math stretch as MathML (or its escaped source) and as plain text."""
    template, maths = [], []
    for segment in _segments(without_placeholders(text or "")):
        if segment[0] == "text":
            template.append(segment[1])
            continue
        _kind, source, display, original = segment
        mark = placeholder(len(maths))
        if mark is None:  # more math stretches than placeholders: the rest stays text
            template.append(original)
            continue
        mathml = _safe_mathml(source.strip(), display)
        html = mathml if mathml else f'<code class="latex">{escape(original)}</code>'
        maths.append((html, _math_text(mathml, source), original))
        template.append(mark)
    return convert("".join(template), maths)


# The marks LaTeX's math accents put over a letter (\\ddot, \\hat, \\bar, \\tilde, \\vec…)
# as Unicode's combining characters, so that the letter reads as printed.
COMBINING_ACCENTS = {
    "¨": "\u0308",
    "^": "\u0302",
    "ˆ": "\u0302",
    "¯": "\u0304",
    "‾": "\u0305",
    "―": "\u0305",  # \\overline's stretched bar
    "~": "\u0303",
    "˜": "\u0303",
    "→": "\u20d7",
    "˙": "\u0307",
    "ˇ": "\u030c",
    "´": "\u0301",
    "`": "\u0300",
    "˘": "\u0306",
    "˚": "\u030a",
}

# Operators read with a space each side in plain text ("a ≠ b", "x → ∞").
SPACED_OPERATORS = set("=≠<>≤≥≈∼≃≅≡∝→←↔⇒⇔∈∉⊂⊆⊃⊇+−±×÷·")


def _math_text(mathml, source):
    """A formula as one line of text for search and meta tags, read off its MathML
    (N^(−α), a ≠ b, ‖x‖, √(x), (n choose k)); its source when it has no MathML."""
    if not mathml:
        return " ".join(source.split())
    root = ET.fromstring(mathml)  # noqa: S314 - checked output of our own converter
    return " ".join(_linear(root).split())


def rich_math_text(source, escape_text=str):
    """A formula as CSL's rich text: one line, with <sup> and <sub> for what is raised
    and lowered ("O(n<sup>2</sup>)", "x<sub>i</sub>"), which citeproc-js and pandoc print
    as such; its other text through ``escape_text`` (``html.escape`` for HTML). The source
    as text when it has no MathML."""
    mathml = _safe_mathml(source.strip(), False)
    if not mathml:
        return escape_text(" ".join(source.split()))
    root = ET.fromstring(mathml)  # noqa: S314 - checked output of our own converter
    return " ".join(_linear(root, escape_text).split())


def _linear(element, rich=None):
    """The formula's text; with ``rich`` (a function escaping text), raised and lowered
    parts as <sup> and <sub>."""
    name = element.tag.removeprefix(MATHML_NS)
    children = list(element)
    leaf = rich or str
    if name == "mi":
        text = leaf(element.text or "")
        # A function name stands apart: "n log n", "sin x".
        return f" {text} " if len(element.text or "") > 1 else text
    if name in {"mn", "mtext", "ms"}:
        return leaf(element.text or "")
    if name == "mo":
        text = (element.text or "").strip()
        return f" {leaf(text)} " if text in SPACED_OPERATORS else leaf(text)
    if name == "mspace":
        return " "
    parts = [_linear(child, rich) for child in children]
    if rich and name in {"msup", "msub"} and len(parts) == 2:
        tag = "sup" if name == "msup" else "sub"
        return f"{parts[0]}<{tag}>{parts[1].strip()}</{tag}>"
    if rich and name == "msubsup" and len(parts) == 3:
        return f"{parts[0]}<sub>{parts[1].strip()}</sub><sup>{parts[2].strip()}</sup>"
    if parts and children[0].tag == f"{MATHML_NS}mo":
        parts[0] = parts[0].strip()  # a leading sign: "−α", not "− α"
    base = parts[0].strip() if parts else ""
    if name == "mover" and len(parts) == 2 and 0 < len(base) <= 4 and " " not in base:
        accent = COMBINING_ACCENTS.get(parts[1].strip())
        if accent:  # ẍ, ŷ, z̄, w̃, v⃗ (each letter of a wide one: A̅B̅), as printed
            return unicodedata.normalize("NFC", "".join(char + accent for char in base))
    if name in {"munder", "mover"} and len(parts) == 2:
        mark = "_" if name == "munder" else "^"
        return f"{parts[0]}{mark}{_grouped(parts[1])} "
    if name == "msup" and len(parts) == 2:
        return f"{parts[0]}^{_grouped(parts[1])}"
    if name == "msub" and len(parts) == 2:
        return f"{parts[0]}_{_grouped(parts[1])}"
    if name in {"msubsup", "munderover"} and len(parts) == 3:
        limits = f"{parts[0]}_{_grouped(parts[1])}^{_grouped(parts[2])}"
        # After a big operator's limits, a space before what it applies to: "∑_(i = 1)^n x_i".
        return f"{limits} " if children[0].tag == f"{MATHML_NS}mo" else limits
    if name == "mfrac" and len(parts) == 2:
        if element.get("linethickness") in {"0", "0pt", "0px"}:
            return f"{parts[0]} choose {parts[1]}"
        return f"{_grouped(parts[0])}/{_grouped(parts[1])}"
    if name == "msqrt":
        return f"√{_grouped(''.join(parts))}"
    if name == "mroot" and len(parts) == 2:
        return f"{_grouped(parts[1])}√{_grouped(parts[0])}"
    if name == "mtr":
        return ", ".join(parts)
    if name == "mtable":
        return "; ".join(parts)
    if name in {"annotation"}:
        return ""
    return "".join(parts)


def _grouped(text):
    text = " ".join(text.split())
    return text if len(text) <= 1 else f"({text})"


def render(text):
    """Safe HTML for a title or abstract written with LaTeX (cached by text: the list shows
    50 titles per page, each converted again at every view)."""
    return mark_safe(_converted(text).html)  # noqa: S308 - escaped text and checked MathML


def plain_text(text):
    """Readable plain text (math without dollars, commands without backslashes) for search
    and meta tags."""
    return " ".join(_converted(text).text.split())


def unknown_commands(text):
    """The commands in ``text`` that are not LaTeX's (a paper's own macros such as
    ``\\gemma``): shown by name, and worth a word to the editor."""
    return sorted(_converted(text).unknown)


# Characters that are commands to LaTeX when typed in text, as an editor means them.
BIBTEX_ESCAPES = {
    "%": "\\%",
    "&": "\\&",
    "#": "\\#",
    "_": "\\_",
    "$": "\\$",
    "^": "\\^{}",
    "<": "\\textless{}",
    ">": "\\textgreater{}",
    "\\": "\\textbackslash{}",
}


def to_bibtex(text, *, protect_case=False):
    """``text`` as a BibTeX field value that BibTeX, biber and LaTeX read as it shows on
    the site: characters LaTeX treats as commands escaped, math kept, a paper's own
    commands (``\\gemma``) written as their names, braces balanced. With
    ``protect_case``, words with capitals and math are braced so that no style changes
    their case ("{KAN} 2.0: {Kolmogorov-Arnold} {Networks}")."""
    converted = _converted(text)
    unknown = converted.unknown
    out, depth = [], 0  # how many braces are open where the segment starts
    for segment in _balanced_segments(without_placeholders(text or "")):
        if segment[0] == "math":
            # BibTeX counts every brace, escaped or not: \{ and \} as \lbrace and \rbrace.
            source = segment[1].strip().replace("\\{", "\\lbrace ").replace("\\}", "\\rbrace ")
            math = f"${source}$" if not segment[2] else f"\\[{source}\\]"
            # Inside a group the author braced, the case is kept already.
            out.append(f"{{{math}}}" if protect_case and depth == 0 else math)
            continue
        written, depth = _bibtex_text(segment[1], unknown, protect_case, depth)
        out.append(written)
    return " ".join("".join(out).split())


_MATH_MARK = "\ue000"  # a private-use character: never in a title or abstract


def _balanced_segments(text):
    """``_segments`` of ``text`` with the braces of its text judged over the whole of it:
    a group may hold math (``{Is water H{$_2$}O?}``, as Zotero writes a protected title),
    and its braces are a pair although math stands between them."""
    segments = list(_segments(text))
    joined = "".join(_MATH_MARK if segment[0] == "math" else segment[1] for segment in segments)
    texts = iter(balanced_braces(joined).split(_MATH_MARK))  # one more than the maths
    result = [("text", next(texts))]
    for segment in segments:
        if segment[0] == "math":
            result += [segment, ("text", next(texts))]
    return [segment for segment in result if segment[0] == "math" or segment[1]]


def _bibtex_text(text, unknown, protect_case, depth=0):
    """One stretch of text (no math) for BibTeX, its braces balanced over the whole value
    (``_balanced_segments``): see ``to_bibtex``."""
    pieces, position, length = [], 0, len(text)
    while position < length:
        char = text[position]
        if char == "\\":
            name = _command_name(text, position + 1)
            if name in unknown:
                pieces.append(name)  # what the site shows for it
                position += 1 + len(name)
                continue
            if name:
                pieces.append("\\" + name)
                position += 1 + len(name)
                continue
            following = text[position + 1 : position + 2]
            pieces.append("\\" + following if following else "\\textbackslash{}")
            position += 2
            continue
        pieces.append(BIBTEX_ESCAPES.get(char, char))
        position += 1
    escaped = bibtex_braces("".join(pieces))
    return (
        _protect_words(escaped, depth) if protect_case else (escaped, _depth_after(escaped, depth))
    )


def bibtex_braces(text):
    """Braces that must show as braces, as LaTeX's text commands: BibTeX counts every
    brace, escaped or not, to find where a field ends."""
    return text.replace("\\{", "\\textbraceleft{}").replace("\\}", "\\textbraceright{}")


def _command_name(text, start):
    end = start
    while end < len(text) and text[end].isascii() and text[end].isalpha():
        end += 1
    return text[start:end]


def _words(text):
    """``text`` as words and the spaces between them; a space inside braces belongs to
    its word ("{\\bf two words}" is one)."""
    out, word, depth = [], [], 0
    for char in text:
        if char.isspace() and depth == 0:
            if word:
                out.append("".join(word))
                word.clear()
            if out and out[-1].isspace():
                out[-1] += char
            else:
                out.append(char)
            continue
        if char == "{" and (not word or word[-1] != "\\"):
            depth += 1
        elif char == "}" and (not word or word[-1] != "\\") and depth:
            depth -= 1
        word.append(char)
    if word:
        out.append("".join(word))
    return out


def _braced(token):
    return token.startswith("{") and token.endswith("}") and _one_group(token)


def _depth_after(text, depth):
    """How many braces are open after ``text`` when ``depth`` were before it (escaped
    braces, ``\\{``, are characters, not groups)."""
    previous = ""
    for char in text:
        if previous != "\\":
            depth += (char == "{") - (char == "}")
        previous = char
    return depth


def _protect_words(text, depth=0):
    """(``text`` with each word that has a capital letter braced, the depth after it). A
    word is braced only where no group is open (``depth`` are open where ``text`` starts),
    and only when it is whole (its own braces pair up) and not one brace group already:
    braces the author wrote are kept as written, and writing the value again adds none."""
    out = []
    for token in _words(text):
        whole = _depth_after(token, 0) == 0
        if (
            depth == 0
            and whole
            and not token.isspace()
            and any(c.isupper() for c in token)
            and not _braced(token)
        ):
            out.append(f"{{{token}}}")
        else:
            out.append(token)
        depth = _depth_after(token, depth)
    return "".join(out), depth


def print_html(text):
    """``text`` as HTML for print (a PDF, where MathML is not drawn): its formulas as one
    line with <sup> and <sub> ("10<sup>11</sup>"), the rest escaped."""
    return mark_safe("".join(part for part, _keeps in case_parts(text, escape)))  # noqa: S308


def case_parts(text, rich=None):
    """``text`` as words and spaces, each with whether it keeps its case, for citation
    styles that change the case of a title: a word with a formula ("α-scaling"), a group
    the author braced ("{transformer}") or a capital after its first letter ("ReLU",
    "KAN") keeps its case. With ``rich`` (a function escaping text), formulas are CSL's
    rich text (``rich_math_text``) and the other text goes through ``rich``."""
    pieces = []
    for segment in _segments(without_placeholders(text or "")):
        if segment[0] == "math":
            shown = rich_math_text(segment[1], rich) if rich else _converted(segment[3]).text
            pieces.append((shown.strip(), True))
            continue
        for token in _words(segment[1]):
            shown = token if token.isspace() else convert(token).text
            # A capital after the first letter (after any opening quote: "’Ember" is not
            # "eMber").
            letters = shown.lstrip("'’‘\"“([")
            keeps = _braced(token) or any(c.isupper() for c in letters[1:])
            pieces.append((rich(shown) if rich else shown, keeps))
    parts, word = [], []
    for piece in [*pieces, (" ", False)]:
        if piece[0].isspace():
            if word:  # a formula and the text it touches are one word ("α-scaling")
                parts.append(("".join(t for t, _ in word), any(k for _, k in word)))
                word = []
            parts.append(piece)
        else:
            word.append(piece)
    return parts[:-1]


def _one_group(token):
    depth = 0
    for index, char in enumerate(token):
        if char == "{" and token[index - 1 : index] != "\\":
            depth += 1
        elif char == "}" and token[index - 1 : index] != "\\":
            depth -= 1
            if depth == 0 and index != len(token) - 1:
                return False
    return depth == 0


def slug_words(text):
    """``text`` as words for a page address: math as the names in its source
    ("$\\alpha$-scaling" → "alpha-scaling"), text as visitors read it."""
    pieces = []
    for segment in _segments(without_placeholders(text or "")):
        if segment[0] == "math":
            pieces.append(" ".join(re.findall(r"[A-Za-z]+|[0-9]+", segment[1])))
        else:
            pieces.append(convert(segment[1]).text)
    return " ".join("".join(pieces).split())
