"""Author names from bibliographic sources, as people print them."""

import re

from bibtexparser.middlewares.names import parse_single_name_into_parts

from scholarly_text.latex_text import LATEX_MARKS_RE, to_unicode

from ..authors import SUFFIXES, family_name_to_keep


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
        if pieces[2].lower() in SUFFIXES and pieces[1].lower() not in SUFFIXES:
            # "Kelleher, R. J., 3rd": EndNote's order (Last, First, Jr), not BibTeX's.
            return f"{pieces[1]} {pieces[0]}, {pieces[2]}".strip()
        return f"{pieces[2]} {pieces[0]}, {pieces[1]}".strip()
    return name


def split_bibtex_authors(value):
    """BibTeX "A and B and others" → (["A", "B"], cut)."""
    names, cut, _whole = read_bibtex_names(value)
    return names, cut


def read_bibtex_names(value):
    """BibTeX "A and {B Consortium} and others" → (["A", "B Consortium"], cut, {1}): the
    names as printed, whether the list is cut, and the positions of the names written
    whole in braces, which BibTeX and biber cite whole ("LIGO Scientific Collaboration"
    is not "Collaboration, L. S.")."""
    names = [part.strip() for part in _split_on_and(value) if part.strip()]
    cut = bool(names) and names[-1].lower() == "others"
    if cut:
        names = names[:-1]
    whole = {
        number
        for number, name in enumerate(names)
        # Zotero braces a name kept in one field, a person's too ({Austin, Claire C}).
        if is_braced_whole(name) and "," not in name
    }
    return [display_name(name) for name in names], cut, whole


def bibtex_family_names(value):
    """[family name or ""] for the names of a BibTeX name list whose family name the
    printed name alone does not tell ("Vaughan Williams, Ralph", "{d'Alembert}, Jean le
    Rond", "Dumas, p{\\`e}re, Alexandre"), as BibTeX reads their parts."""
    names = [part.strip() for part in _split_on_and(value) if part.strip()]
    if names and names[-1].lower() == "others":
        names = names[:-1]
    return [_family_to_keep(name) for name in names]


def _family_to_keep(name):
    if is_braced_whole(name) or _extended_name(name) is not None:
        return ""
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except Exception:  # noqa: BLE001 - a name bibtexparser cannot split is read as printed
        return ""
    return family_name_to_keep(
        display_name(name), latex_to_unicode(" ".join([*parts.von, *parts.last]))
    )


def is_braced_whole(name):
    """Whether the whole of a BibTeX name is one brace group: "{World Health Organization}",
    not "{\\'E}mile Zola" or "{van der Berg}, Jan"."""
    name = name.strip()
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for position, char in enumerate(name):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return position == len(name) - 1
    return False


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
