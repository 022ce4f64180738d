"""MathML as TeX would set it, in the MathML that browsers implement (MathML Core).

latex2mathml writes MathML for the full MathML 3 of old; Chromium implements MathML
Core, where several of its habits render wrongly. ``typeset`` corrects them, class by
class:

- symbols that are ordinary in TeX but written as operators (``\\infty`` as ``<mo>``)
  become identifiers, without an operator's spacing;
- an operator in braces (``N{+}D``, ``64{\\times}64``) is ordinary in TeX: set tight;
- ``mathvariant`` on identifiers other than "normal" is not implemented: the letters
  become Unicode's mathematical bold or italic letters (``\\boldsymbol{x}`` → 𝒙); on
  text (``\\textbf{quanta}``) it becomes a class the stylesheet makes bold;
- a letter in ``\\mathrm{d}`` is upright;
- a function name (``\\log n``, ``\\operatorname{sgn} x``) is followed by a thin space;
- ``\\sim`` is the operator ∼, not a tilde;
- the brackets of a matrix stretch to its height.
"""

import re
import xml.etree.ElementTree as ET

NS = "http://www.w3.org/1998/Math/MathML"
M = f"{{{NS}}}"

ORDINARY_SYMBOLS = set("∞∅∇∂ℏℓ℘ℑℜ′″")
THIN_SPACE = "0.1667em"
# latex2mathml writes letters from \mathrm{…} as character references (&#x00064;) and
# other letters as themselves: the one trace of the upright style.
UPRIGHT_LETTER = re.compile(r"<mi>(&#x0*(?:4[1-9A-Fa-f]|5[0-9Aa]|6[1-9A-Fa-f]|7[0-9Aa]);)</mi>")
# Unicode's Mathematical Alphanumeric Symbols: where A, a, 0, Α and α start per style.
ALPHANUMERIC = {
    "bold": {"A": 0x1D400, "a": 0x1D41A, "0": 0x1D7CE, "Α": 0x1D6A8, "α": 0x1D6C2},
    "italic": {"A": 0x1D434, "a": 0x1D44E, "Α": 0x1D6E2, "α": 0x1D6FC},
    "bold-italic": {"A": 0x1D468, "a": 0x1D482, "Α": 0x1D71C, "α": 0x1D736},
    "sans-serif": {"A": 0x1D5A0, "a": 0x1D5BA, "0": 0x1D7E2},
    "monospace": {"A": 0x1D670, "a": 0x1D68A, "0": 0x1D7F6},
}
HOLES = {("italic", "h"): "\u210e"}  # planck constant stands for the italic h
RANGES = {"A": ("A", "Z"), "a": ("a", "z"), "0": ("0", "9"), "Α": ("Α", "Ω"), "α": ("α", "ω")}
TEXT_CLASSES = {"bold": "math-bold", "italic": "math-italic", "bold-italic": "math-bold-italic"}


def styled(text, variant):
    """``text`` in Unicode's mathematical letters of ``variant`` (None if it has none)."""
    starts = ALPHANUMERIC.get(variant)
    if starts is None:
        return None
    out = []
    for char in text:
        if (variant, char) in HOLES:
            out.append(HOLES[(variant, char)])
            continue
        for first, (low, high) in RANGES.items():
            if first in starts and low <= char <= high and char != "\u03a2":
                out.append(chr(starts[first] + ord(char) - ord(low)))
                break
        else:
            out.append(char)
    return "".join(out)


def typeset(mathml):
    """``mathml`` (a checked ``<math>`` string from latex2mathml) corrected as above."""
    mathml = UPRIGHT_LETTER.sub(r'<mi mathvariant="normal">\1</mi>', mathml)
    root = ET.fromstring(mathml)  # noqa: S314 - our own converter's output
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        tag = element.tag.removeprefix(M)
        text = element.text or ""
        if tag == "mo" and text.strip() in ORDINARY_SYMBOLS:
            element.tag = f"{M}mi"
            element.attrib.clear()
        elif tag == "mi" and text == "~":
            element.tag, element.text = f"{M}mo", "∼"
        elif tag == "mo" and len(text) > 1 and text.isalpha():
            element.tag = f"{M}mi"  # \operatorname{sgn}: a name, not an operator
            tag = "mi"
        if tag == "mo":
            parent = parents.get(element)
            if parent is not None and parent.tag == f"{M}mrow" and len(parent) == 1:
                element.set("lspace", "0")
                element.set("rspace", "0")
            if text in "()[]{}|‖⟨⟩" and parent is not None:
                siblings = list(parent)
                position = siblings.index(element)
                neighbours = siblings[max(position - 1, 0) : position + 2]
                if any(n.tag == f"{M}mtable" for n in neighbours):
                    element.set("stretchy", "true")
        variant = element.get("mathvariant")
        if tag == "mi" and variant and variant != "normal":
            letters = styled(text, variant)
            if letters is not None:
                element.text = letters
                del element.attrib["mathvariant"]
        elif tag == "mtext" and variant in TEXT_CLASSES:
            del element.attrib["mathvariant"]
            element.set("class", TEXT_CLASSES[variant])
    _space_function_names(root)
    return _without_prefixes(root)


def _without_prefixes(root):
    """The MathML as text, its namespace written once on the root: ElementTree's prefixes
    are global to the process, and other libraries change them (WeasyPrint maps the empty
    prefix to no namespace), so the tree is written with plain names."""
    for element in root.iter():
        element.tag = element.tag.removeprefix(M)
    attributes = dict(root.attrib)
    root.attrib.clear()
    root.set("xmlns", NS)
    root.attrib.update(attributes)
    return ET.tostring(root, encoding="unicode")


def _space_function_names(root):
    """A thin space after a multi-letter name (log, sin, sgn) that something follows."""
    for parent in list(root.iter()):
        children = list(parent)
        for position in range(len(children) - 1, -1, -1):
            child = children[position]
            if (
                child.tag == f"{M}mi"
                and len(child.text or "") > 1
                and (child.text or "").isalpha()
                and position < len(children) - 1
            ):
                space = ET.Element(f"{M}mspace", {"width": THIN_SPACE})
                parent.insert(position + 1, space)
