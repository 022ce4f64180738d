"""LaTeX in titles and abstracts: MathML for math, HTML for text commands, nothing unsafe."""

import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarly_text.latex import plain_text, render, unknown_commands

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_7e5fb8def989d84d.txt"


class VisibleText(HTMLParser):
    """Text a reader sees (outside MathML), and every tag used."""

    def __init__(self):
        super().__init__()
        self.depth_in_math = 0
        self.text = []
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "math":
            self.depth_in_math += 1

    def handle_endtag(self, tag):
        if tag == "math":
            self.depth_in_math -= 1

    def handle_data(self, data):
        if not self.depth_in_math:
            self.text.append(data)


def visible(html):
    parser = VisibleText()
    parser.feed(str(html))
    return "".join(parser.text), parser.tags


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("score of $9.68$", "<mn>9.68</mn>"),
        ("a $\\textbf{quanta}$ model", '<mtext class="math-bold">quanta</mtext>'),
        ("$N^{-α}$", "<msup><mi>N</mi>"),
        ("$D{=}2048/128$", "<mn>2048</mn>"),
        ("$10\\times $", "×"),
        ("$$E = mc^2$$", 'display="block"'),
    ],
)
def test_math_becomes_mathml(source, expected):
    html = render(source)

    assert expected in html
    assert "$" not in visible(html)[0]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("\\emph{quanta}", "<em>quanta</em>"),
        ("\\textbf{bold}", "<strong>bold</strong>"),
        ("\\textit{it}", "<em>it</em>"),
        ("pages 1--10", "pages 1\u201310"),
        ('Schr\\"odinger', "Schrödinger"),
        ("G\\'{e}rard", "Gérard"),
        ("100\\% sure", "100% sure"),
    ],
)
def test_text_commands_become_html_or_unicode(source, expected):
    assert expected in render(source)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "$\\text{<script>alert(1)</script>}$",
        "$x<y$ and <b>",
        "unbalanced $ dollar <i>",
        "\\emph{<img src=x>}",
        "$\\href{javascript:alert(1)}{x}$",
    ],
)
def test_hostile_text_is_rendered_inert(hostile):
    html = render(hostile)

    _text, tags = visible(html)
    assert tags <= {"math", "mrow", "mi", "mn", "mo", "mtext", "msup", "msub", "em", "code"} | {
        "mstyle",
        "mspace",
    }
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html or "<code" in html


def test_malformed_math_falls_back_to_its_escaped_source():
    html = render("before $\\frac{1}{2}}{<b>$ after")

    assert "before" in html and "after" in html
    assert "<b>" not in html


def test_plain_text_drops_markup_for_search_and_meta_tags():
    assert plain_text("\\emph{Grokking} at $N^{-α}$ -- fast") == "Grokking at N^(−α) – fast"
    assert plain_text("score $9.68$") == "score 9.68"


@pytest.mark.skipif(
    not SEED.exists(), reason="the seeds folder (../shared/seeds) is not beside this checkout"
)
def test_every_seed_abstract_renders_without_a_raw_dollar():
    text = SEED.read_text()
    assert text.count("$") > 50

    html = render(text)

    shown, _tags = visible(html)
    assert "$" not in shown
    assert len(re.findall("<math ", html)) >= 40


# --- cost: linear in the length of the text ---------------------------------------------


class CountingText(str):
    """A string that adds up how many characters ``find`` scans."""

    scanned = 0

    def find(self, sub, start=0, end=None):
        found = super().find(sub, start, end)
        CountingText.scanned += (len(self) if found == -1 else found) - start
        return found


@pytest.mark.parametrize(
    "unit",
    ["\\(x ", "\\[x ", "$x \\$ ", "$$x ", "\\(a\\) \\(", "a \\\\( b", "$", "\\"],
)
def test_splitting_math_from_text_scans_each_character_a_bounded_number_of_times(unit):
    from scholarly_text.latex import _segments

    text = CountingText(unit * 20_000)
    CountingText.scanned = 0

    pieces = list(_segments(text))

    assert CountingText.scanned <= 4 * len(text)
    # Nothing is lost: the pieces put back together are the text.
    assert "".join(piece[1] if piece[0] == "text" else piece[3] for piece in pieces) == text


def test_an_abstract_of_unclosed_delimiters_renders_as_escaped_text():
    html = render("\\( " * 30_000 + "<b>")

    assert "&lt;b&gt;" in html
    assert "<b>" not in html


# --- text commands: no word is lost, no command is left raw -----------------------------


@pytest.mark.parametrize(
    ("source", "html", "text"),
    [
        (
            "\\url{https://x.org/a_b}",
            '<span class="url">https://x.org/a_b</span>',
            "https://x.org/a_b",
        ),
        ("\\url{https://x.org/50%off}", "https://x.org/50%off", "https://x.org/50%off"),
        ("see \\cite{foo}", "see [foo]", "see [foo]"),
        ("see \\citep[p.~3]{foo,bar}", "see [foo,bar]", "see [foo,bar]"),
        ("Fig.~\\ref{fig:a}", "Fig.\u00a0fig:a", "Fig.\u00a0fig:a"),
        ("and so on\\dots", "and so on\u2026", "and so on\u2026"),
        ("wait\\ldots{} what", "wait\u2026 what", "wait\u2026 what"),
        ("{\\bf bold} text", "<strong>bold</strong> text", "bold text"),
        ("{\\em a {\\bf b} c} d", "<em>a <strong>b</strong> c</em> d", "a b c d"),
        ("\\href{https://a.org/x_y}{the site}", "the site", "the site"),
        ("\\textbf{\\emph{x}}", "<strong><em>x</em></strong>", "x"),
        ("\\texttt{a_b}", "<code>a_b</code>", "a_b"),
        ("\\textsc{Sc}", '<span class="small-caps">Sc</span>', "Sc"),
        ("\\mbox{kept}", "kept", "kept"),
        ("{ReLU} networks", "ReLU networks", "ReLU networks"),
        (
            "100% of cases & more_stuff #1 x^2",
            "100% of cases &amp; more_stuff #1 x^2",
            "100% of cases & more_stuff #1 x^2",
        ),
        ("\\emph{a $x$ b}", "<em>a <math", "a x b"),
        ("x\\footnote{a note} y", "x (a note) y", "x (a note) y"),
        (
            "\\textcolor{red}{warm} and \\colorbox{yellow}{boxed}",
            "warm and boxed",
            "warm and boxed",
        ),
        ("\\fcolorbox{red}{white}{framed} \\hspace{1em}gap", "framed gap", "framed gap"),
        (
            'Schr\\"{o}dinger and \\c{C}a\\u{g}lar, \\ss',
            "Schrödinger and Çağlar, ß",
            "Schrödinger and Çağlar, ß",
        ),
        (
            "a stray } and an unclosed {",
            "a stray } and an unclosed {",
            "a stray } and an unclosed {",
        ),
    ],
)
def test_text_commands_keep_every_word(source, html, text):
    assert html in render(source)
    assert plain_text(source) == " ".join(text.split())


def test_a_papers_own_commands_show_their_name_and_arguments_and_are_named_for_the_editor():
    source = "Fine-tuning \\gemma{} and \\llama models with \\method{Sparse}{2}"

    assert plain_text(source) == "Fine-tuning gemma and llama models with method Sparse 2"
    assert visible(render(source))[0] == plain_text(source)
    assert unknown_commands(source) == ["gemma", "llama", "method"]
    assert unknown_commands("\\emph{known} \\dots $\\alpha$") == []


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("$a \\neq b$", "a ≠ b"),
        ("$\\|x\\|_2$", "‖x‖_2"),
        ("$\\binom{n}{k}$", "(n choose k)"),
        ("$\\texttt{abc}$", "abc"),
        ("$r \\to \\infty$", "r → ∞"),
        ("$\\log n$", "log n"),
        ("$\\frac{a+b}{2}$", "(a + b)/2"),
        ("$\\sqrt{x}$", "√x"),
        ("$\\sum_{i=1}^n x_i$", "∑_(i = 1)^n x_i"),
        ("$\\mathbb{R}^d$", "ℝ^d"),
    ],
)
def test_math_reads_as_one_line_of_text_in_plain_text(source, text):
    assert plain_text(source) == text


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", min_size=2, max_size=8)
WRAPPERS = [
    "{}",
    "\\emph{{{}}}",
    "\\textbf{{\\emph{{{}}}}}",
    "{{\\bf {}}}",
    "{{\\it {}}} and",
    "\\texttt{{{}}}",
    "\\url{{https://x.org/{}}}",
    "\\href{{https://x.org}}{{{}}}",
    "\\cite{{{}}}",
    "\\foo{{{}}}",
    "\\mbox{{{}}}",
    "{{{}}}",
    "{}\\dots",
    "{}~",
    "{}---",
    "{}\\footnote{{x}}",
    "\\textsc{{{}}}",
    "$x$ {}",
    "\\textcolor{{red}}{{{}}}",
    "\\colorbox{{yellow}}{{{}}}",
]


@settings(deadline=None)
@given(st.lists(st.tuples(WORD, st.sampled_from(WRAPPERS)), min_size=1, max_size=8))
def test_no_word_is_lost_and_no_command_is_left_raw(pieces):
    source = " ".join(wrapper.format(word) for word, wrapper in pieces)

    text = plain_text(source)
    shown = visible(render(source))[0]

    for word, _wrapper in pieces:
        assert word in text, source
        assert word in shown, source
    assert "\\" not in text and "\\" not in shown, source


# --- MathML as Chromium renders it (MathML Core) -----------------------------------------


@pytest.mark.parametrize(
    ("source", "expected", "absent"),
    [
        ("$r \\to \\infty$", "<mi>∞</mi>", "<mo>∞</mo>"),
        ("$N{+}D$", '<mo lspace="0" rspace="0">+</mo>', None),
        ("$D{=}1$", '<mo lspace="0" rspace="0">=</mo>', None),
        ("$64{\\times}64$", '<mo lspace="0" rspace="0">×</mo>', None),
        ("$\\textbf{quanta}$", '<mtext class="math-bold">quanta</mtext>', "mathvariant"),
        ("$\\mathrm{d}x$", '<mi mathvariant="normal">d</mi>', None),
        ("$\\boldsymbol{x}$", "<mi>𝒙</mi>", "bold-italic"),
        ("$\\mathbf{W}$", "<mi>𝐖</mi>", 'mathvariant="bold"'),
        ("$\\boldsymbol{\\alpha}$", "<mi>𝜶</mi>", None),
        ("$\\log n$", '<mi>log</mi><mspace width="0.1667em" /><mi>n</mi>', None),
        ("$a \\sim b$", "<mo>∼</mo>", "~"),
        ("$\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}$", '<mo stretchy="true">(</mo>', None),
    ],
)
def test_mathml_is_what_chromium_sets_as_tex_would(source, expected, absent):
    html = str(render(source))

    assert expected in html
    if absent:
        assert absent not in html


def test_punctuation_after_a_formula_stays_on_its_line():
    html = str(render("the limit $r \\to \\infty$. Then"))

    assert re.search(r'<span class="nowrap"><math [^>]*>.*</math>\.</span> Then', html)


@pytest.mark.skipif(
    not SEED.exists(), reason="the seeds folder (../shared/seeds) is not beside this checkout"
)
def test_no_seed_formula_falls_into_a_known_defect_class():
    """Every formula of the seeds, converted: none keeps a pattern Chromium renders wrongly."""
    html = str(render(SEED.read_text()))
    formulas = re.findall(r"<math .*?</math>", html, re.S)

    assert len(formulas) >= 40
    for formula in formulas:
        assert "<mo>∞</mo>" not in formula, formula
        assert 'mathvariant="bold' not in formula and 'mathvariant="italic' not in formula
        assert "<mi>~</mi>" not in formula, formula
        assert not re.search(r"<mrow><mo>[^<]*</mo></mrow>", formula), formula
        assert not re.search(r"<mi>[A-Za-z]{2,}</mi><m[in]", formula), formula


FONTS = Path(__file__).resolve().parents[2] / "lab_site" / "static" / "fonts"
CSS = FONTS.parent / "css" / "site.css"


def math_faces():
    """{file name: set of code points its unicode-range names} of the math font's faces."""
    faces = {}
    for rule in re.findall(r"@font-face \{[^}]*\}", CSS.read_text()):
        if '"STIX Two Math"' not in rule:
            continue
        name = re.search(r'url\("../fonts/([^"]+)"\)', rule).group(1)
        codes = set()
        for first, last in re.findall(r"U\+([0-9A-F]+)(?:-([0-9A-F]+))?", rule):
            codes |= set(range(int(first, 16), int(last or first, 16) + 1))
        faces[name] = codes
    return faces


def drawn_characters(formula):
    """The characters Chromium draws for a formula: a one-letter <mi> becomes italic."""
    import unicodedata

    def italic(match):
        letter = match.group(2)
        name = unicodedata.name(letter, "")
        if letter == "h":
            letter = "\u210e"  # PLANCK CONSTANT stands in the italic alphabet's hole
        elif m := re.fullmatch(r"(?:LATIN|GREEK) (CAPITAL|SMALL) LETTER (\w+)", name):
            with contextlib.suppress(KeyError):  # a letter with no italic form stays
                letter = unicodedata.lookup(f"MATHEMATICAL ITALIC {m[1]} {m[2]}")
        return match.group(1) + letter

    formula = re.sub(r"(<mi>)(.)(?=</mi>)", italic, formula)
    return {ord(char) for char in re.sub(r"<[^>]+>", "", formula) if not char.isspace()}


def test_each_math_face_draws_all_of_its_unicode_range():
    """tools/fonts.py: disjoint faces, each file drawing all that its CSS rule gives it; the
    first, with the space, is the face whose MATH table lays formulas out."""
    from fontTools.ttLib import TTFont

    faces = math_faces()
    assert len(faces) >= 2
    seen = set()
    for name, codes in faces.items():
        font = TTFont(FONTS / name)
        assert codes and codes <= set(font.getBestCmap()), name
        assert not codes & seen, name
        seen |= codes
    first = next(iter(faces))
    assert first == "stix-two-math-core.woff2" and 0x20 in faces[first]
    assert "MATH" in TTFont(FONTS / first)


@pytest.mark.skipif(
    not SEED.exists(), reason="the seeds folder (../shared/seeds) is not beside this checkout"
)
def test_the_self_hosted_math_font_draws_every_character_of_the_seeds_formulas():
    """Nothing the group's formulas use is cut by the subsetting, and every character they
    stretch (brackets, roots, big operators) is in the face whose MATH table stretches it."""
    faces = math_faces()
    drawn = set().union(*faces.values())
    html = str(render(SEED.read_text()))
    used, stretched = set(), set()
    for formula in re.findall(r"<math .*?</math>", html, re.S):
        used |= drawn_characters(formula)
        for operator in re.findall(r"<mo[^>]*>([^<]+)</mo>", formula):
            stretched |= {ord(c) for c in operator if c in "()[]{}|‖⟨⟩√∑∏∫⌈⌉⌊⌋"}

    assert used and used <= drawn, sorted(chr(code) for code in used - drawn)
    assert stretched <= faces["stix-two-math-core.woff2"]
    # The faces a formula of the seeds needs most: the core and the italic letters.
    assert any(code in faces["stix-two-math-italic.woff2"] for code in used)


def test_a_conversion_is_kept_in_the_shared_cache_for_every_process(monkeypatch):
    """A text converted once is not converted again by another process (here: this one
    with its own memory cleared), and another text is."""
    from django.core.cache import caches

    from scholarly_text import latex

    caches["derived"].clear()
    latex._converted.cache_clear()
    text = "Grokking at $N^{-\\alpha}$ with \\emph{tiny} nets"
    first = plain_text(text), render(text)
    converted = []
    real = latex._convert

    def counting(source):
        converted.append(source)
        return real(source)

    monkeypatch.setattr(latex, "_convert", counting)
    latex._converted.cache_clear()
    assert (
        (plain_text(text), render(text)) == first == ("Grokking at N^(−α) with tiny nets", first[1])
    )
    assert converted == []
    assert plain_text("A new $x^2$ title") == "A new x^2 title"
    assert converted == ["A new $x^2$ title"]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("$\\ddot{x}$ and $\\hat{y}$", "ẍ and ŷ"),
        ("$\\bar{z}$, $\\tilde{w}$, $\\vec{v}$, $\\dot{q}$", "z̄, w̃, v⃗, q̇"),
        ("$\\vec{F} = m\\ddot{x}$", "F⃗ = mẍ"),
        ("$\\overline{AB}$ and $\\widehat{abc}$", "A̅B̅ and âb̂ĉ"),
        ("sorting in $n \\log n$ time", "sorting in n log n time"),
        ("$O(n \\log n)$", "O(n log n)"),
        ("see \\S 3 and \\P 2", "see § 3 and ¶ 2"),
    ],
)
def test_plain_text_reads_accents_functions_and_sections_as_printed(source, text):
    """What RIS, Atom, iCalendar, meta tags and the search index carry of a formula."""
    assert plain_text(source) == text


def test_mathml_is_written_alike_whatever_other_libraries_did_to_elementtrees_prefixes():
    """ElementTree's namespace prefixes are global: WeasyPrint (the CV's PDF) maps the
    empty prefix to no namespace when imported. Formulas are written the same after it."""
    import xml.etree.ElementTree as ET

    import weasyprint.pdf.metadata  # noqa: F401 - what changes the prefixes on import

    ET.register_namespace("", "")  # what it does, in case it was imported before
    html = str(render("a $x^{2} + \\alpha_i$ formula written after it"))

    assert "ns0" not in html and '<math xmlns="http://www.w3.org/1998/Math/MathML"' in html
    assert "<msub><mi>α</mi><mi>i</mi></msub>" in html
