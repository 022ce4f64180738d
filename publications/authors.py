"""Recognising group members in author lists.

Names are compared in a normalised form: LaTeX escapes and accents folded
("G\\'{e}rard" and "Gérard" become "gerard"), punctuation and nicknames in quotes
dropped, "Last, First" turned around. A member matches an author by their name or
one of their name variants:

1. exactly (all given names), or with the middle names left out
   ("Eric J. Michaud" = "Eric Michaud");
2. failing that, by first initial and last name ("J. Engels" = "Joshua Engels").

When more than one member fits at the same step the match is *ambiguous*: it is
reported, never guessed.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from scholarly_text.latex_text import to_unicode

# A comma (with the "and" of "A, B, and C"), or "and".
_NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_ET_AL = {"et al", "et al.", "and others"}


def split_author_line(line):
    """An author line as typed ("A. One, B. Two and C. Three et al.") → (names, cut): the
    names in order, and whether the line ends the list short ("et al.", "and others")."""
    parts = [part for part in _NAME_SEPARATOR.split(line.strip()) if part]
    names = [part for part in parts if part.lower() not in _ET_AL]
    return names, len(names) < len(parts)


def author_line(names, cut=False):
    """The inverse: names joined with commas, "et al." when the list is cut."""
    line = ", ".join(names)
    return f"{line} et al." if cut else line


_NICKNAME = re.compile(r"[\"“”'‘’][^\"“”'‘’]*[\"“”'‘’]")


def normalise(name):
    """Lower-case ASCII words of a name, in "first … last" order."""
    name = to_unicode(name)  # an escape pylatexenc cannot read is compared as written
    name = _NICKNAME.sub(" ", name)
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    name = unicodedata.normalize("NFKD", name)
    name = "".join(char for char in name if not unicodedata.combining(char))
    name = re.sub(r"[^A-Za-z\s-]", " ", name).replace("-", " ")
    return " ".join(name.lower().split())


def name_keys(name):
    """(strong keys, weak key) of a name; see the module docstring."""
    words = normalise(name).split()
    if not words:
        return set(), None
    if len(words) == 1:
        return {words[0]}, None
    first, last = words[0], words[-1]
    strong = {" ".join(words), f"{first} {last}"}
    weak = f"{first[0]} {last}"
    if len(first) == 1:  # "E. Michaud": only the initial is known
        strong = {" ".join(words)}
    return strong, weak


@dataclass
class Match:
    member: object = None
    candidates: list = field(default_factory=list)

    @property
    def ambiguous(self):
        return self.member is None and len(self.candidates) > 1


class MemberIndex:
    """Members by the keys of their names and name variants, built once per save or import."""

    def __init__(self, members):
        self.strong = {}
        self.weak = {}
        self.by_orcid = {}
        for member in members:
            # Only when loaded: an index built from members read without their ORCID
            # (a highlight's author line) must not cost a query per member.
            if "orcid" not in member.get_deferred_fields() and member.orcid_id:
                self.by_orcid[member.orcid_id] = member
            names = [member.title, *member.name_variant_list()]
            for name in names:
                strong, weak = name_keys(name)
                for key in strong:
                    self.strong.setdefault(key, {})[member.pk] = member
                if weak:
                    self.weak.setdefault(weak, {})[member.pk] = member

    @classmethod
    def of_all_members(cls):
        from people.models import MemberPage

        return cls(MemberPage.objects.only("id", "title", "name_variants", "orcid"))

    def match(self, name, orcid=""):
        """The member an author is: by ORCID iD when the source gives one that a member
        has (whatever name the paper prints), else by name."""
        if orcid and orcid in self.by_orcid:
            member = self.by_orcid[orcid]
            return Match(member=member, candidates=[member])
        strong, weak = name_keys(name)
        found = {}
        for key in strong:
            found.update(self.strong.get(key, {}))
        if not found and weak:
            found = dict(self.weak.get(weak, {}))
            if len(normalise(name).split()[0]) > 1:
                # A full first name must agree with a member's full first name, when they give one.
                found = {
                    pk: member
                    for pk, member in found.items()
                    if _first_names_compatible(name, member)
                }
        candidates = sorted(found.values(), key=lambda member: member.title)
        if len(candidates) == 1:
            return Match(member=candidates[0], candidates=candidates)
        return Match(candidates=candidates)


def _first_names_compatible(name, member):
    first = normalise(name).split()[0]
    for variant in [member.title, *member.name_variant_list()]:
        other = normalise(variant).split()[0]
        if len(other) == 1 or first.startswith(other) or other.startswith(first):
            return True
    return False


# A name's suffix ("Jr.", "III", "3rd"), in lower case.
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd", "4th"}
_AND = re.compile(r"(?<![\w{])and(?![\w}])", re.IGNORECASE)


@dataclass(frozen=True)
class NameParts:
    """A person's name in BibTeX's four parts, plus a nickname printed in quotes."""

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    nickname: str = ""
    # A name that is not split into parts (an organisation whose name has "and" in it):
    # BibTeX must read it whole, so it is written in braces.
    whole: bool = False
    # The family name was given as such ("Vaughan Williams", "d'Alembert"): all of it is
    # the last name, braced for BibTeX where it would read a first name or a particle.
    family_given: bool = False

    def bibtex(self):
        """ "von Last, Jr, First": the form every BibTeX and biber reads the same way."""
        if self.whole:
            return "{" + self.last + "}"
        if self.family_given and (" " in self.last or self.last[:1].islower()):
            return NameParts(first=self.first, last="{" + self.last + "}", jr=self.jr)._joined()
        return self._joined()

    def _joined(self, suffix_last=False):
        last = " ".join(part for part in (self.von, self.last) if part)
        first = " ".join(part for part in (self.first, self.nickname) if part)
        jr = [self.jr] if self.jr else []
        pieces = [last, first, *jr] if suffix_last else [last, *jr, first]
        return ", ".join(piece for piece in pieces if piece) or last

    def ris(self):
        """ "von Last, First, Suffix", RIS's form (BibTeX's puts the suffix second); a
        whole name as it is."""
        return self._joined(suffix_last=True)


# Words that name a body, not a person: a name cited whole that has one (or "and", or a
# digit: "F42 Committee") is an organisation's; one without ("Marcus Aurelius", "P.
# Widhalm", as Zotero braces names kept in one field) is taken for a person's.
ORGANISATION_WORDS = frozenset(
    [
        "academy",
        "administration",
        "agency",
        "alliance",
        "association",
        "authority",
        "board",
        "bureau",
        "center",
        "centre",
        "collaboration",
        "college",
        "commission",
        "committee",
        "community",
        "company",
        "consortium",
        "corporation",
        "council",
        "department",
        "division",
        "faculty",
        "federation",
        "forum",
        "foundation",
        "group",
        "inc",
        "initiative",
        "institut",
        "institute",
        "institution",
        "laboratories",
        "laboratory",
        "lab",
        "labs",
        "league",
        "limited",
        "ltd",
        "ministry",
        "network",
        "office",
        "organisation",
        "organization",
        "panel",
        "partnership",
        "program",
        "programme",
        "project",
        "service",
        "society",
        "survey",
        "team",
        "trust",
        "union",
        "university",
    ]
)


def joined_by_and(name):
    """Whether a printed name has the word "and" ("Barnes and Noble", "Ministry of
    Science and Technology"): BibTeX would read two people, and no person's printed name
    has it, so it is cited whole."""
    return bool(_AND.search(name))


def is_organisation_name(name):
    """Whether a name cited whole reads as an organisation's (see ORGANISATION_WORDS)."""
    words = re.findall(r"[^\W_]+", name.lower())
    return (
        joined_by_and(name)
        or any(word in ORGANISATION_WORDS for word in words)
        or any(char.isdigit() for char in name)
    )


@functools.lru_cache(maxsize=65536)
def name_parts_with_family(name, family):
    """The parts of a printed name whose family name is given: "Ralph Vaughan Williams"
    with "Vaughan Williams", "Alexandre Dumas, père" with "Dumas". A family name that is
    not how the name ends (before a suffix) is left aside: the name is read as printed."""
    name, family = " ".join(name.split()), " ".join(family.split())
    head, found, tail = name.rpartition(family)
    tail = tail.strip()
    if not family or not found or (tail and not tail.startswith(",")) or head[-1:] not in {"", " "}:
        return name_parts(name)
    return NameParts(
        first=head.strip(), last=family, jr=tail.lstrip(", ").strip(), family_given=True
    )


def family_name_to_keep(printed, family):
    """``family`` (a source's "von Last") when reading ``printed`` alone would get the
    name's parts wrong ("Ralph Vaughan Williams" read as Williams, R. V.), else ""."""
    family = " ".join(family.split())
    if not family:
        return ""
    read = name_parts(printed)
    if read.whole or " ".join(part for part in (read.von, read.last) if part) != family:
        return family
    return ""


@functools.lru_cache(maxsize=65536)
def name_parts(name):
    """``NameParts`` of a name as printed ("Eric J. Michaud", "Tony Wang Jr.",
    'David "davidad" Dalrymple', "Ludwig van Beethoven") or as BibTeX writes it
    ("Wang, Jr., Tony"), using bibtexparser's reading of BibTeX names."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    name = " ".join(name.split())
    if joined_by_and(name):
        return NameParts(last=name, whole=True)
    nickname = " ".join(match.group(0) for match in _NICKNAME.finditer(name))
    plain = " ".join(_NICKNAME.sub(" ", name).split())
    jr = ""
    words = plain.split()
    head, _, tail = plain.rpartition(",")
    if head and "," not in head and tail.strip().lower() in SUFFIXES:
        # "John Doe, Jr.", as the site prints a name with a suffix.
        jr, plain = tail.strip(), head.strip()
    elif "," not in plain and len(words) > 2 and words[-1].lower() in SUFFIXES:
        jr, plain = words[-1], " ".join(words[:-1]).rstrip(",")
    try:
        parts = parse_single_name_into_parts(plain, strict=False)
    except Exception:  # noqa: BLE001 - a name bibtexparser cannot split: all of it is the last name
        return NameParts(last=plain, nickname=nickname)
    return NameParts(
        first=" ".join(parts.first),
        von=" ".join(parts.von),
        last=" ".join(parts.last),
        jr=jr or " ".join(parts.jr),
        nickname=nickname,
    )
