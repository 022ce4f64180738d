"""What a paper is known by (arXiv id, DOI) and when (BibTeX months): one pattern or table
each, for the model's validators, the importers and the exports."""

import re

# New-style ids (2210.01117) and old-style ones (hep-th/9901001, math.AG/0601001),
# optionally with a version.
ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?"
# The model field, after clean() has removed an "arXiv:" prefix.
ARXIV_FIELD_PATTERN = rf"^{ARXIV_ID}$"
# What a person types or a file holds: "arXiv:2210.01117v2", any letter case.
ARXIV_ID_RE = re.compile(rf"^(?:arXiv:)?{ARXIV_ID}$", re.I)
# An arXiv id inside free text (a BibTeX note, url or eprint field).
ARXIV_IN_TEXT = re.compile(rf"(?:arxiv\.org/(?:abs|pdf)/|arXiv:)\s*{ARXIV_ID}", re.I)

DOI = r"(10\.\d{4,9}/\S+)"
DOI_FIELD_PATTERN = rf"^{DOI}$"
# What a person types: a bare DOI, a doi.org address or "doi:…".
DOI_RE = re.compile(rf"^(?:https?://(?:dx\.)?doi\.org/|doi:)?{DOI}$", re.I)

# BibTeX's month macros, in order; also what the exports write.
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(MONTHS, start=1)},
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}

# arXiv subject classes that exist in one archive only (arxiv.org/category_taxonomy), for
# bare labels such as the seed's "LG": they name cs.LG and nothing else. A label that two
# archives share ("DS": cs.DS or math.DS) is left as it is.
ARXIV_SUBJECT_ARCHIVE = {
    **dict.fromkeys(
        ["AI", "AR", "CE", "CG", "CL", "CR", "CY", "DB", "DC", "DL", "DM", "ET", "FL", "GL"]
        + ["HC", "IR", "LG", "MA", "MM", "NE", "NI", "OS", "PF", "PL", "RO", "SD", "SE", "SI"],
        "cs",
    ),
    **dict.fromkeys(["BM", "CB", "MN", "NC", "PE", "QM", "TO"], "q-bio"),
    "ML": "stat",
    "ME": "stat",
}
# A full category: an archive with a subject class (cs.LG, q-bio.NC, physics.comp-ph) or
# an archive that has none (hep-th, gr-qc, quant-ph).
ARXIV_CATEGORY_RE = re.compile(r"^(?:[a-z]+(?:-[a-z]+)*\.[A-Za-z]+(?:-[a-z]+)?|[a-z]+-[a-z]+)$")


def full_arxiv_category(label):
    """``label`` with its archive when the label alone names one ("LG" → "cs.LG")."""
    label = label.strip()
    archive = ARXIV_SUBJECT_ARCHIVE.get(label)
    return f"{archive}.{label}" if archive else label
