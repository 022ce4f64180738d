"""BibTeX keys: made once per paper from its first author, year and title, then kept.

"liu2024kan" for "KAN: Kolmogorov-Arnold Networks" by Ziming Liu et al. (2024). A key is
stored on the paper the first time it is saved, so it never changes when the title is
edited and reference lists that cite it keep working; a second paper that would get the
same key gets "liu2024kan2", then "…3". Editors may write their own.
"""

import re
import unicodedata

from .authors import name_parts

KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.+/-]*$")
KEY_MAX_LENGTH = 100
# Words a key never takes from a title.
STOPWORDS = {
    "a", "an", "and", "are", "as", "at", "by", "can", "do", "does", "for", "from", "how",
    "in", "into", "is", "of", "on", "or", "the", "to", "toward", "towards", "via", "what",
    "when", "where", "which", "why", "with",
}  # fmt: skip


def ascii_letters(text):
    """Lower-case ASCII letters and digits of ``text``, accents folded ("Çağlar" → caglar)."""
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode().lower())


def base_key(first_author, year, plain_title):
    """The key before any number is added to tell it apart from another paper's."""
    surname = ascii_letters(name_parts(first_author).last) if first_author else ""
    word = next(
        (
            folded
            for word in re.split(r"[\s:;,.!?()\[\]/-]+", plain_title)
            if (folded := ascii_letters(word))
            and word.lower() not in STOPWORDS
            and not folded.isdigit()
        ),
        "paper",
    )
    return f"{surname or 'anon'}{year}{word}"[: KEY_MAX_LENGTH - 4]


def free_key(base, taken):
    """``base``, or ``base`` with the first number from 2 on that ``taken`` lacks."""
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"
