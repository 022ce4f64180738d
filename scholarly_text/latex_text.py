"""The text (not math) of a title or abstract written with LaTeX, as HTML or plain text.

Titles and abstracts are what authors paste from their papers: mostly text, with LaTeX
commands here and there (``\\emph{…}``, ``\\'e``, ``\\url{…}``, ``{\\bf …}``, ``--``,
``{ReLU}``). The rules, so that no word is ever lost:

- a known command becomes what LaTeX would print: emphasis, bold, code, small capitals,
  accents and symbols (``\\dots`` …), the text of a link, the key of a citation;
- an unknown command (a paper's own macro such as ``\\gemma``) shows its name and its
  arguments, and ``unknown_commands`` names it for the editor;
- braces only group (``{ReLU}`` shows ReLU); ``%``, ``&``, ``#``, ``_`` and ``^`` typed as
  such are shown as such (they are what an editor means outside math);
- whatever the parser cannot read is shown as written, escaped.

The parser is pylatexenc's; it reads the text once, front to back.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from pylatexenc import latex2text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
)

# Commands with one argument shown in a style: (HTML tag, class).
STYLES = {
    "emph": ("em", ""),
    "textit": ("em", ""),
    "textsl": ("em", ""),
    "textbf": ("strong", ""),
    "texttt": ("code", ""),
    "verb": ("code", ""),
    "textsc": ("span", "small-caps"),
    "underline": ("u", ""),
    "textsuperscript": ("sup", ""),
    "textsubscript": ("sub", ""),
}
# Declarations that style the rest of their group: ``{\bf bold}``.
DECLARATIONS = {
    "bf": STYLES["textbf"],
    "bfseries": STYLES["textbf"],
    "it": STYLES["emph"],
    "itshape": STYLES["emph"],
    "em": STYLES["emph"],
    "sl": STYLES["emph"],
    "slshape": STYLES["emph"],
    "tt": STYLES["texttt"],
    "ttfamily": STYLES["texttt"],
    "sc": STYLES["textsc"],
    "scshape": STYLES["textsc"],
}
# Commands (and declarations) whose argument (or rest of group) is shown as it is.
PLAIN = {"textrm", "textsf", "textup", "textnormal", "textmd", "mbox", "hbox", "text", "nocase"}
PLAIN_DECLARATIONS = {
    "rm",
    "sf",
    "rmfamily",
    "sffamily",
    "upshape",
    "mdseries",
    "normalfont",
    "selectfont",
}
CITATIONS = {"cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear", "parencite"}
REFERENCES = {"ref", "eqref", "autoref", "cref", "Cref", "pageref"}
# Commands with brace arguments the parser does not know of: for each argument, whether it
# is printed (True) or a setting (False).
ARGUMENTS_SHOWN = {
    "textcolor": (False, True),
    "colorbox": (False, True),
    "fcolorbox": (False, False, True),
    "color": (False,),
    "hspace": (False,),
    "vspace": (False,),
    "includegraphics": (False,),
    "ensuremath": (True,),
}
# Commands that print nothing in LaTeX either.
SILENT = {"label", "index", "protect", "relax", "noindent", "newline", "linebreak", "par"}
SPACES = {
    ",": "\u2009",
    ";": "\u2005",
    ":": "\u2005",
    "!": "",
    " ": " ",
    "quad": "\u2003",
    "qquad": "\u2003\u2003",
    "\\": " ",
    "enspace": "\u2002",
    "thinspace": "\u2009",
}
SYMBOLS = {
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbackslash": "\\",
    "textunderscore": "_",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textquotedbl": '"',
    "textellipsis": "\u2026",
    "ldots": "\u2026",
    "dots": "\u2026",
    "textemdash": "\u2014",
    "textendash": "\u2013",
    "neq": "\u2260",
    "ne": "\u2260",
    "S": "\u00a7",  # § (section)
    "P": "\u00b6",  # ¶ (paragraph)
    "textsection": "\u00a7",
    "textparagraph": "\u00b6",
}
SPECIALS = {
    "~": "\u00a0",
    "--": "\u2013",
    "---": "\u2014",
    "``": "\u201c",
    "''": "\u201d",
    "!`": "\u00a1",
    "?`": "\u00bf",
    "&": "&",
    "#": "#",
}
# Typed characters LaTeX would read as commands in text; an editor means them literally.
LITERAL = {"%": "\\%"}
ALL_DECLARATIONS = set(DECLARATIONS) | PLAIN_DECLARATIONS
TRAILING_PUNCTUATION = set(".,;:!?)]}’”'\"")
# Deeper nesting than this is not a paper's title: it is shown as written.
MAX_DEPTH = 40
# Math stretches stand in the text as one character each while the text is parsed: from
# Unicode's private use plane 15, which no title or abstract has reason to contain.
PLACEHOLDER_BASE = 0xF0000
PLACEHOLDER_LIMIT = 0xFFFFD - PLACEHOLDER_BASE

# The project's one LaTeX-to-Unicode converter (pylatexenc): accents and escapes to letters,
# braces dropped, math kept as written. Names (importers, author matching) and the walk
# below read text through it.
_known = latex2text.get_default_latex_context_db()


def _reader_context():
    """pylatexenc's commands, and the symbols the site itself writes into BibTeX
    (\\textless{}, \\textbraceleft{}…), which pylatexenc does not know: what the export
    writes, the import reads back as the same character."""
    context = latex2text.get_default_latex_context_db()
    context.add_context_category(
        "lab-site-symbols",
        macros=[
            latex2text.MacroTextSpec(name, simplify_repl=text)
            for name, text in {**SYMBOLS, "textbraceleft": "{", "textbraceright": "}"}.items()
        ],
        prepend=True,
    )
    return context


_accents = latex2text.LatexNodes2Text(math_mode="verbatim", latex_context=_reader_context())


class Unreadable(Exception):
    """The text is not LaTeX the converter can read with certainty."""


@dataclass
class Converted:
    html: str
    text: str
    unknown: frozenset = field(default_factory=frozenset)


def _escape_literals(source):
    """``%`` typed as such stays text (in LaTeX it would start a comment)."""
    out, position, length = [], 0, len(source)
    while position < length:
        char = source[position]
        if char == "\\":
            out.append(source[position : position + 2])
            position += 2
            continue
        out.append(LITERAL.get(char, char))
        position += 1
    return "".join(out)


def balanced_braces(source):
    """``source`` with each brace that has no partner escaped (shown as typed), so that a
    stray "}" or an unclosed "{" does not make the whole text unreadable."""
    out, opened, position, length = [], [], 0, len(source)
    while position < length:
        char = source[position]
        if char == "\\":
            out.append(source[position : position + 2])
            position += 2
            continue
        if char == "{":
            opened.append(len(out))
        elif char == "}":
            if opened:
                opened.pop()
            else:
                char = "\\}"
        out.append(char)
        position += 1
    for index in opened:
        out[index] = "\\{"
    return "".join(out)


def _unescape_literals(source):
    return source.replace("\\%", "%")


class _Writer:
    """HTML and plain text for a list of pylatexenc nodes, in one walk; ``maths`` are the
    (HTML, text, source) of the math stretches that placeholders stand for."""

    def __init__(self, maths):
        self.maths = maths
        self.unknown = set()

    def chars(self, chars):
        if not self.maths or not any(_is_placeholder(char) for char in chars):
            return escape(chars), chars
        html, text = [], []
        position = 0
        while position < len(chars):
            char = chars[position]
            position += 1
            if not _is_placeholder(char):
                html.append(escape(char))
                text.append(char)
                continue
            math_html, math_text, _source = self.maths[ord(char) - PLACEHOLDER_BASE]
            # Punctuation right after a formula stays on its line ("… $x$." never
            # leaves the full stop alone at the start of the next line).
            end = position
            while end < len(chars) and chars[end] in TRAILING_PUNCTUATION:
                end += 1
            if end > position:
                trailing = chars[position:end]
                html.append(f'<span class="nowrap">{math_html}{escape(trailing)}</span>')
                text.append(math_text + trailing)
                position = end
            else:
                html.append(math_html)
                text.append(math_text)
        return "".join(html), "".join(text)

    def verbatim(self, argument):
        """An argument as written (a link, a citation key), math given back as its source."""
        written = _unescape_literals(_verbatim(argument))
        if not self.maths:
            return written
        return "".join(
            self.maths[ord(char) - PLACEHOLDER_BASE][2] if _is_placeholder(char) else char
            for char in written
        )

    def nodes(self, nodes, depth):
        if depth > MAX_DEPTH:
            raise Unreadable("nested too deeply")
        html, text = [], []
        nodes = [node for node in nodes if node is not None]
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if isinstance(node, LatexMacroNode) and node.macroname in ALL_DECLARATIONS:
                # The rest of the group in the declared style.
                inner_html, inner_text = self.nodes(nodes[index + 1 :], depth + 1)
                style = DECLARATIONS.get(node.macroname)
                html.append(_wrap(inner_html, style) if style else inner_html)
                text.append(inner_text)
                break
            if isinstance(node, LatexMacroNode) and node.macroname in ARGUMENTS_SHOWN:
                # Commands whose arguments the parser is not told of: the ones that print
                # (the text of \textcolor{red}{text}) are shown, the settings are not.
                shown_flags = ARGUMENTS_SHOWN[node.macroname]
                parsed = [
                    arg
                    for arg in (node.nodeargd.argnlist if node.nodeargd else [])
                    if isinstance(arg, LatexGroupNode) and arg.delimiters == ("{", "}")
                ][-len(shown_flags) :]
                groups, index = _following_groups(nodes, index + 1, len(shown_flags) - len(parsed))
                for group, shown in zip(parsed + groups, shown_flags, strict=False):
                    if shown:
                        part_html, part_text = self.nodes(group.nodelist, depth + 1)
                        html.append(part_html)
                        text.append(part_text)
                continue
            if isinstance(node, LatexMacroNode) and node.macroname == "href":
                # \href{url}{text}: the text (its arguments are not declared to the parser).
                groups, index = _following_groups(nodes, index + 1, 2)
                shown = groups[1] if len(groups) == 2 else (groups[0] if groups else None)
                if shown is not None:
                    part_html, part_text = self.nodes(shown.nodelist, depth + 1)
                    html.append(part_html)
                    text.append(part_text)
                continue
            if isinstance(node, LatexMacroNode) and not self._is_known(node):
                # A command of the paper's own: its name, then its arguments.
                self.unknown.add(node.macroname)
                parsed = [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg]
                groups, index = _following_groups(nodes, index + 1, None)
                html.append(escape(node.macroname))
                text.append(node.macroname)
                for group in parsed + groups:
                    part_html, part_text = self.nodes(_content(group), depth + 1)
                    if part_text:
                        html.append(" " + part_html)
                        text.append(" " + part_text)
                if not parsed and not groups and node.macro_post_space:
                    html.append(" ")
                    text.append(" ")
                continue
            part_html, part_text = self.node(node, depth)
            html.append(part_html)
            text.append(part_text)
            index += 1
        return "".join(html), "".join(text)

    def _is_known(self, node):
        name = node.macroname
        return (
            name in STYLES
            or name in PLAIN
            or name in CITATIONS
            or name in REFERENCES
            or name in SILENT
            or name in SPACES
            or name in SYMBOLS
            or name in {"url", "footnote", "thanks"}
            or len(name) == 1  # \%, \&, \', \" …: LaTeX's one-character commands
            or _known.get_macro_spec(name) is not None
        )

    def node(self, node, depth):
        if isinstance(node, LatexCharsNode):
            return self.chars(node.chars)
        if isinstance(node, LatexGroupNode):
            return self.nodes(node.nodelist, depth + 1)
        if isinstance(node, LatexSpecialsNode):
            shown = SPECIALS.get(node.specials_chars, node.specials_chars)
            return escape(shown), shown
        if isinstance(node, LatexCommentNode):
            return "", ""  # only an escaped "%" could start one, and none are left
        if isinstance(node, LatexEnvironmentNode):
            return self.nodes(node.nodelist, depth + 1)
        if isinstance(node, LatexMathNode):
            raise Unreadable("math inside text")
        if isinstance(node, LatexMacroNode):
            return self.macro(node, depth)
        raise Unreadable(type(node).__name__)

    def macro(self, node, depth):
        name = node.macroname
        arguments = [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg]
        after = " " if node.macro_post_space and name not in SPACES else ""
        if name in STYLES or name in PLAIN or name in {"footnote", "thanks"}:
            if not arguments:
                return "", ""
            inner_html, inner_text = self.nodes(_content(arguments[-1]), depth + 1)
            if name in {"footnote", "thanks"}:
                return f" ({inner_html})", f" ({inner_text})"
            return _wrap(inner_html, STYLES.get(name)), inner_text
        if name == "url":
            address = self.verbatim(arguments[-1]) if arguments else ""
            return f'<span class="url">{escape(address)}</span>', address
        if name in CITATIONS or name in REFERENCES:
            keys = self.verbatim(arguments[-1]) if arguments else ""
            shown = f"[{keys}]" if name in CITATIONS else keys
            return escape(shown), shown
        if name in SILENT:
            return "", ""
        if name in SPACES:
            return escape(SPACES[name]), SPACES[name] and " "
        if name in SYMBOLS:
            return escape(SYMBOLS[name]) + after, SYMBOLS[name] + after
        try:
            shown = _accents.nodelist_to_text([node])
        except Exception as error:  # noqa: BLE001 - pylatexenc's own failure: not readable
            raise Unreadable(name) from error
        if not shown and arguments:
            return self.nodes(_content(arguments[-1]), depth + 1)
        return escape(shown), shown


def _content(argument):
    return argument.nodelist if isinstance(argument, LatexGroupNode) else [argument]


def _verbatim(argument):
    if isinstance(argument, LatexGroupNode):
        return "".join(node.latex_verbatim() for node in argument.nodelist)
    return argument.latex_verbatim()


def _following_groups(nodes, index, limit):
    """The brace groups right after ``nodes[index - 1]`` (at most ``limit``), and the
    index after them."""
    groups = []
    while index < len(nodes) and isinstance(nodes[index], LatexGroupNode):
        if limit is not None and len(groups) == limit:
            break
        if nodes[index].delimiters != ("{", "}"):
            break
        groups.append(nodes[index])
        index += 1
    return groups, index


def _wrap(inner_html, style):
    if not style or not inner_html:
        return inner_html
    tag, css = style
    attributes = f' class="{css}"' if css else ""
    return f"<{tag}{attributes}>{inner_html}</{tag}>"


def _is_placeholder(char):
    return PLACEHOLDER_BASE <= ord(char) <= PLACEHOLDER_BASE + PLACEHOLDER_LIMIT


def placeholder(index):
    """The character that stands for the ``index``-th math stretch (None past the limit)."""
    return chr(PLACEHOLDER_BASE + index) if index <= PLACEHOLDER_LIMIT else None


def without_placeholders(text):
    """``text`` with any character of the placeholders' range replaced (never typed)."""
    return "".join("\ufffd" if _is_placeholder(char) else char for char in text)


def convert(template, maths=()):
    """``Converted`` (HTML, plain text, unknown command names) for ``template``: text in
    which ``placeholder(i)`` stands for ``maths[i]``, an (HTML, text, source) triple."""
    if "\\" not in template and not any(special in template for special in "{}~-`'%&#!?"):
        return Converted(*_Writer(maths).chars(template))
    writer = _Writer(maths)
    try:
        nodes, _position, _length = LatexWalker(
            balanced_braces(_escape_literals(template)), tolerant_parsing=False
        ).get_latex_nodes()
        html, text = writer.nodes(nodes, 0)
    except (Unreadable, LatexWalkerError, RecursionError, IndexError, ValueError):
        return Converted(*_Writer(maths).chars(template))
    return Converted(html, text, frozenset(writer.unknown))


# What LaTeX writes differently from the text it stands for: commands, braces, dashes
# ("--" is "–"), ties ("~") and quotes (``…''). Text without any reads as itself.
LATEX_MARKS_RE = re.compile(r"[\\{}~]|--|``|''")


def to_unicode(text):
    """``text`` with its accents and escapes as Unicode letters and its braces dropped;
    math ($…$) as written. What pylatexenc cannot read comes back as written."""
    if not LATEX_MARKS_RE.search(text):
        return text
    try:
        return _accents.latex_to_text(text)
    except Exception:  # noqa: BLE001 - pylatexenc's own failure: not readable, kept as written
        return text
