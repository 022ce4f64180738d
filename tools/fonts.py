"""Copy the site's fonts from the npm packages into lab_site/static/fonts/ and write their
@font-face rules into lab_site/static/css/site.css (between the "fonts" markers).

Run by `make fonts` after `npm ci`; the copies are committed, so that `make run` needs no
npm. STIX Two Text (titles, abstracts, headings) and STIX Two Math (formulas, with its
OpenType MATH table) are made to match; both are under the SIL Open Font License.

The math font is subset (fontTools, keeping its MATH table and the size variants it
names) to what titles and abstracts use: Latin, Greek, operators, arrows, brackets, and
the bold, italic, script, fraktur and double-struck letters formulas are written in. The
whole font is 403 KB and made every page with a formula slow on a phone; the core that
every formula needs is about 90 KB, the letters about 60 KB. A symbol outside both is
drawn from the next font, never lost.
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
# The math font in two files of one family: the core (its MATH table, Latin, Greek,
# operators, arrows, brackets), which every formula needs, and the mathematical letters
# (bold, italic, script, fraktur, double-struck), which a browser fetches only for a
# page that uses one. The core is the face that sets the layout of formulas.
MATH_CORE = [
    "U+0020-007E", "U+00A0-00FF", "U+0131", "U+0237", "U+02C6-02DC", "U+0300-036F",
    "U+0391-03C9", "U+03D1-03D6", "U+03F0-03F5", "U+2000-206F", "U+20D0-20F0",
    "U+2100-214F", "U+2190-21FF", "U+2200-22FF", "U+2308-230B", "U+23B0-23B5",
    "U+23DC-23E1", "U+27E6-27EF",
]  # fmt: skip
MATH_LETTERS = ["U+1D400-1D4CF", "U+1D504-1D56B", "U+1D6A8-1D76F", "U+1D7CE-1D7E1"]
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


def subset_math(source, target, unicodes):
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["ssty", "dtls", "flac", "kern"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(",".join(unicodes)))
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
    # every symbol and the MATH table; subset here. No unicode-range, so that formulas use
    # it throughout.
    source = MATH / "files" / "stix-two-math-latin-400-normal.woff2"
    (FONTS / "stix-two-math.woff2").unlink(missing_ok=True)
    for name, unicodes in (
        ("stix-two-math-core", MATH_CORE),
        ("stix-two-math-letters", MATH_LETTERS),
    ):
        subset_math(source, FONTS / f"{name}.woff2", unicodes)
        rules.append(face("STIX Two Math", name, "400", "normal", ",".join(unicodes)))
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
