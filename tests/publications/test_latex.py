"""LaTeX in titles and abstracts: MathML for math, HTML for text commands, nothing unsafe."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from publications.latex import plain_text, render

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
        ("a $\\textbf{quanta}$ model", '<mtext mathvariant="bold">quanta</mtext>'),
        ("$N^{-α}$", "<msup><mi>N</mi>"),
        ("$D{=}2048/128$", "<mn>2048</mn>"),
        ("$10\\times $", "&#x000D7;"),
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
    assert plain_text("\\emph{Grokking} at $N^{-α}$ -- fast") == "Grokking at N^-α – fast"
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
    from publications.latex import _segments

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
