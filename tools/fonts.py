"""Copy the site's fonts from the npm packages into lab_site/static/fonts/ and write their
@font-face rules into lab_site/static/css/site.css (between the "fonts" markers).

Run by `make fonts` after `npm ci`; the copies are committed, so that `make run` needs no
npm. STIX Two Text (titles, abstracts, headings) and STIX Two Math (formulas, with its
OpenType MATH table) are made to match; both are under the SIL Open Font License.

The math font is subset (fontTools, keeping its MATH table and the size variants it
names) into faces split by unicode-range (MATH_FACES below), so that a page fetches only
the faces its formulas use: most formulas need the core and the italic letters. A symbol
outside every face is drawn from the next font, never lost.
"""

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "node_modules" / "@fontsource" / "stix-two-text"
MATH = ROOT / "node_modules" / "@fontsource" / "stix-two-math"
FONTS = ROOT / "lab_site" / "static" / "fonts"
CSS = ROOT / "lab_site" / "static" / "css" / "site.css"
SUBSETS = ("latin", "latin-ext", "greek")
FACES = (
    ("400", "normal"),
    ("600", "normal"),
    ("700", "normal"),
    ("400", "italic"),
    ("700", "italic"),
)
# The math font in faces of one family, split by unicode-range so that a page fetches only
# the faces its formulas use. The first face holds the space, so it is the "first
# available font" whose MATH table lays formulas out; Chromium stretches and enlarges only
# characters of that face. It therefore holds every bracket, bar, arrow, root, big
# operator and accent that formulas commonly stretch (those the MATH table gives size
# variants for), and the most frequent operators. Rarer stretchy characters (⨁, ⟰, ∯, …)
# sit in the symbols face: drawn at their normal size, never lost. Unhinted: browsers
# draw formulas from outlines, and hinting was a third of the bytes.
COMMON_STRETCHY = (
    "()/[\\]_{|}\u0302\u0303\u0305\u030c\u0332\u2016\u203e\u20d7←→↔⇐⇒⇔↦↤↩↪"
    "∏∐∑√∣∥∫∬∭∮⋀⋁⋂⋃⌈⌉⌊⌋⏜⏝⏞⏟⟨⟩⟦⟧"
)
FREQUENT_OPERATORS = "±·×÷′″‴…−∞∂∇∈∉∘≤≥≈∼≃≠≡∝⊂⊆∪∩⋅⋯"
MATH_FACES = (
    ("core", "U+0020-007E", COMMON_STRETCHY + FREQUENT_OPERATORS),
    # Chromium draws a one-letter identifier (x, α) in the mathematical italic letters,
    # but fetches a face for the letter as written too: Greek goes with the italics.
    (
        "italic",
        "U+1D434-1D467,U+210E,U+1D6A4-1D6A5,U+1D6E2-1D71B,U+0391-03C9,U+03D1-03D6,U+03F0-03F5",
        "",
    ),
    (
        "text",
        "U+00A0-00FF,U+0131,U+0237,U+02C6-02DC,U+0300-036F,U+2000-206F,U+20D0-20F0,U+2100-214F",
        "",
    ),
    ("operators", "U+2200-22FF,U+2A00-2AFF", ""),
    ("arrows", "U+2190-21FF,U+27F0-27FF,U+2900-297F", ""),
    ("symbols", "U+2300-23FF,U+25A0-25FF,U+27C0-27EF,U+2980-29FF", ""),
    # Bold (\\mathbf, \\boldsymbol) apart from script, fraktur, double-struck, sans, mono.
    ("bold", "U+1D400-1D433,U+1D468-1D49B,U+1D6A8-1D6E1,U+1D71C-1D755,U+1D7CE-1D7D7", ""),
    ("letters", "U+1D49C-1D6A3,U+1D756-1D7CB,U+1D7D8-1D7FF", ""),
)
BEGIN = "/* fonts: begin (written by `make fonts`, tools/fonts.py) */"
END = "/* fonts: end */"


def face(family, name, weight, style, unicode_range=None):
    lines = [
        "@font-face {",
        f'  font-family: "{family}";',
        f"  font-style: {style};",
        f"  font-weight: {weight};",
        # optional: a face that is not there within ~0.1 s is not swapped in later, so
        # text never moves under the reader (no layout shift); the file is kept for the
        # next page. The faces most pages need are preloaded (templates/base.html).
        "  font-display: optional;",
        f'  src: url("../fonts/{name}.woff2") format("woff2");',
    ]
    if unicode_range:
        lines.append(f"  unicode-range: {unicode_range};")
    return "\n".join([*lines, "}"])


def math_faces(drawn):
    """(name, code points) of each math face: disjoint, and only what the font draws."""
    from fontTools import subset

    taken, faces = set(), []
    for name, ranges, characters in MATH_FACES:
        codes = (set(subset.parse_unicodes(ranges)) | {ord(c) for c in characters}) & drawn
        faces.append((name, codes - taken))
        taken |= codes
    return faces


def as_unicode_range(codes):
    """U+0020-007E,U+00B1,… for a set of code points."""
    runs, codes = [], sorted(codes)
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return ",".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in runs)


def subset_math(source, target, codes):
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["ssty", "dtls", "flac", "kern"]
    options.hinting = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main():
    for old in FONTS.glob("stix-two-*.woff2"):
        old.unlink()
    FONTS.mkdir(parents=True, exist_ok=True)
    rules = []
    for weight, style in FACES:
        sheet = TEXT / (f"{weight}-italic.css" if style == "italic" else f"{weight}.css")
        css = sheet.read_text()
        for subset in SUBSETS:
            name = f"stix-two-text-{subset}-{weight}-{style}"
            block = re.search(rf"/\* {re.escape(name)} \*/\s*@font-face \{{(.*?)\}}", css, re.S)
            unicode_range = re.search(r"unicode-range: ([^;]+);", block.group(1)).group(1)
            shutil.copy(TEXT / "files" / f"{name}.woff2", FONTS / f"{name}.woff2")
            rules.append(face("STIX Two Text", name, weight, style, unicode_range))
    # The math font's package calls its one file "latin", but it holds the whole font:
    # every symbol and the MATH table; subset here into the faces above.
    from fontTools.ttLib import TTFont

    source = MATH / "files" / "stix-two-math-latin-400-normal.woff2"
    for name, codes in math_faces(set(TTFont(source).getBestCmap())):
        subset_math(source, FONTS / f"stix-two-math-{name}.woff2", codes)
        rules.append(
            face("STIX Two Math", f"stix-two-math-{name}", "400", "normal", as_unicode_range(codes))
        )
    shutil.copy(MATH / "LICENSE", FONTS / "OFL.txt")
    text = CSS.read_text()
    block = "\n".join([BEGIN, *rules, END])
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        text = text.replace(":root {", block + "\n\n:root {", 1)
    CSS.write_text(text)
    print(f"{len(rules)} faces written to {CSS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
