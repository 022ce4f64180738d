"""Author names from bibliographic sources, as people print them."""

import re

from scholarly_text.latex_text import LATEX_MARKS_RE, to_unicode


def latex_to_unicode(text):
    """Accents and escapes to Unicode, braces removed; math ($…$) is kept as written."""
    if not LATEX_MARKS_RE.search(text):
        return " ".join(text.split())
    parts = text.split("$")
    for index in range(0, len(parts), 2):  # even parts are outside math
        parts[index] = to_unicode(parts[index])
    return " ".join("$".join(parts).split())


# An accent or letter command, with or without braces around it or its letter: {\"o},
# \"{o}, \"o, \c{c}, {\ss}, \o{}.
_ACCENTED = re.compile(
    r"\{\\(?:[`'^\"~=.]|[uvHckbdrt]\s)\s*\{?[A-Za-z]\}?\}"
    r"|\\(?:[`'^\"~=.]|[uvHckbdrt](?=[\s{]))\s*(?:\{[A-Za-z]\}|[A-Za-z])"
    r"|\{\\(?:ss|o|O|aa|AA|ae|AE|oe|OE|l|L|i|j)\}"
    r"|\\(?:ss|o|O|aa|AA|ae|AE|oe|OE|l|L|i|j)(?:\{\}|(?![A-Za-z]))"
)


def accents_to_unicode(text):
    """Accented letters written as LaTeX (Schr{\\"o}dinger, G\\'{e}rard) as Unicode,
    everything else as written: braces that keep a word's case ({ReLU}), commands, math."""
    if "\\" not in text:
        return " ".join(text.split())

    def letter(match):
        converted = to_unicode(match.group(0))
        return converted if converted and len(converted) <= 2 else match.group(0)

    return " ".join(_ACCENTED.sub(letter, text).split())


# BibLaTeX's extended name format: "family=Heuvel, given=Charles, prefix=van den,
# useprefix=false" (biber reads it; Better BibLaTeX writes it for names with a particle).
_EXTENDED_PART = re.compile(r"^\s*(family|given|prefix|suffix|useprefix)\s*=", re.IGNORECASE)


def _extended_name(name):
    """The name as printed from BibLaTeX's extended format, or None for a plain name."""
    pieces = [piece for piece in name.split(",") if piece.strip()]
    if not pieces or not all(_EXTENDED_PART.match(piece) for piece in pieces):
        return None
    parts = {}
    for piece in pieces:
        key, _, value = piece.partition("=")
        parts[key.strip().lower()] = latex_to_unicode(value.strip().strip('"'))
    printed = " ".join(
        part for part in (parts.get("given"), parts.get("prefix"), parts.get("family")) if part
    )
    return f"{printed}, {parts['suffix']}" if parts.get("suffix") else printed


def display_name(name):
    """ "Last, First" or "Last, Jr, First" → "First Last"; BibLaTeX's extended format
    ("family=Heuvel, given=Charles, prefix=van den") likewise; LaTeX escapes to Unicode."""
    extended = _extended_name(name)
    if extended is not None:
        return extended
    name = latex_to_unicode(name.strip())
    pieces = [piece.strip() for piece in name.split(",")]
    if len(pieces) == 2:
        return f"{pieces[1]} {pieces[0]}".strip()
    if len(pieces) == 3:
        return f"{pieces[2]} {pieces[0]}, {pieces[1]}".strip()
    return name


def split_bibtex_authors(value):
    """BibTeX "A and B and others" → (["A", "B"], cut)."""
    names = [part.strip() for part in _split_on_and(value) if part.strip()]
    cut = bool(names) and names[-1].lower() == "others"
    if cut:
        names = names[:-1]
    return [display_name(name) for name in names], cut


def _split_on_and(value):
    """Split on " and " outside braces; any whitespace separates words (a file written
    on Windows, or pasted into a browser's text box, ends its lines with "\r\n")."""
    parts, depth, current = [], 0, []
    tokens = value.split()
    for token in tokens:
        depth += token.count("{") - token.count("}")
        if token.lower() == "and" and depth == 0:
            parts.append(" ".join(current))
            current = []
        else:
            current.append(token)
    parts.append(" ".join(current))
    return parts
