"""What Crossref and OpenAlex say about a work besides its bibliography: who funded it
(funder and award number), where it is free to read, and the authors' institutions.
Pure functions over the services' answers; the records carry what they find in
``record.extra`` ("funding", "open_access", "institutions").

Funders are named by ids of several registries: the Crossref Funder Registry (a DOI,
10.13039/…), ROR (https://ror.org/…) and OpenAlex (F…). ``funder_key`` writes each in one
form, so that a grant and a work's funding meet however either was written. Award numbers
are written in many ways ("DMR-9521353", "DMR 9521353", "dmr9521353"; Crossref's records
use U+2010 hyphens): ``award_key`` keeps letters and digits only, and ``same_award`` also
lets an award with five digits or more meet the same award after a prefix of letters
("1661218" and "ABI 1661218"; "EF-0905606" and Crossref's "NSF #EF‐0905606"), as funders
and authors write NSF awards both ways. Both sides are of the same funder already.
"""

import re
import unicodedata

FUNDER_DOI = re.compile(r"(?:^|doi\.org/|doi:)\s*(10\.13039/[^\s?#]+)$", re.I)
ROR = re.compile(r"(?:^|ror\.org/)(0[a-z0-9]{6}\d{2})/?$", re.I)
OPENALEX_FUNDER = re.compile(r"(?:^|openalex\.org/)(F\d+)$", re.I)


def _text(value):
    return " ".join(value.split()) if isinstance(value, str) else ""


def funder_key(value):
    """One form of a funder's id: "10.13039/100000001", "ror:021nxhr62" or
    "openalex:F4320306076"; "" for anything else (a name is no id)."""
    value = _text(value).strip()
    if match := FUNDER_DOI.search(value):
        return match.group(1).lower()
    if match := ROR.search(value):
        return f"ror:{match.group(1).lower()}"
    if match := OPENALEX_FUNDER.search(value):
        return f"openalex:{match.group(1).upper()}"
    return ""


def award_key(value):
    """An award number with its letters and digits only, in capitals."""
    value = unicodedata.normalize("NFKC", _text(value))
    return "".join(character for character in value if character.isalnum()).upper()


def same_award(one, other):
    """Whether two award numbers name the same award (see the module's docstring)."""
    one, other = award_key(one), award_key(other)
    if not one or not other:
        return False
    if one == other:
        return True
    short, long = sorted((one, other), key=len)
    prefix = long[: len(long) - len(short)]
    digits = sum(character.isdigit() for character in short)
    return digits >= 5 and long.endswith(short) and prefix.isalpha()


def funder_name_key(value):
    return " ".join(unicodedata.normalize("NFKC", _text(value)).casefold().split())


def _award(funder_ids, name, number):
    return {
        "funder_ids": sorted({key for key in funder_ids if key}),
        "funder": _text(name)[:200],
        "award": _text(number)[:100],
    }


def merged_awards(awards):
    """One entry per funder and award; an entry without an award number only for a funder
    named with none."""
    kept = []
    for award in awards:
        if not award["funder"] and not award["funder_ids"]:
            continue
        same = next(
            (
                other
                for other in kept
                if (
                    set(other["funder_ids"]) & set(award["funder_ids"])
                    or funder_name_key(other["funder"]) == funder_name_key(award["funder"])
                )
                and award_key(other["award"]) == award_key(award["award"])
            ),
            None,
        )
        if same is None:
            kept.append(award)
        else:
            same["funder_ids"] = sorted(set(same["funder_ids"]) | set(award["funder_ids"]))
            same["funder"] = same["funder"] or award["funder"]
    numbered = {
        (tuple(award["funder_ids"]), funder_name_key(award["funder"]))
        for award in kept
        if award["award"]
    }
    return [
        award
        for award in kept
        if award["award"]
        or (tuple(award["funder_ids"]), funder_name_key(award["funder"])) not in numbered
    ]


def crossref_funding(message):
    """Crossref's ``funder`` list → awards: [{"funder_ids", "funder", "award"}]."""
    funders = message.get("funder") if isinstance(message, dict) else None
    awards = []
    for funder in funders if isinstance(funders, list) else []:
        if not isinstance(funder, dict):
            continue
        ids = [funder_key(funder.get("DOI"))]
        numbers = funder.get("award") if isinstance(funder.get("award"), list) else []
        numbers = [number for number in numbers if _text(number)] or [""]
        awards += [_award(ids, funder.get("name"), number) for number in numbers]
    return merged_awards(awards)


def openalex_funding(work):
    """OpenAlex's funding → awards. Both shapes: ``awards`` with ``funders`` (2025 on),
    and the older ``grants``."""
    if not isinstance(work, dict):
        return []
    funders = {}
    for funder in work.get("funders") if isinstance(work.get("funders"), list) else []:
        if isinstance(funder, dict) and funder.get("id"):
            ids = [funder_key(funder.get(name)) for name in ("id", "ror", "doi")]
            ids += [funder_key(value) for value in (funder.get("ids") or {}).values()]
            funders[funder_key(funder["id"])] = (ids, funder.get("display_name"))
    awards, named = [], set()
    for award in work.get("awards") if isinstance(work.get("awards"), list) else []:
        if not isinstance(award, dict):
            continue
        key = funder_key(award.get("funder_id"))
        ids, name = funders.get(key, ([key], award.get("funder_display_name")))
        awards.append(
            _award(ids, award.get("funder_display_name") or name, award.get("funder_award_id"))
        )
        named.add(key)
    for key, (ids, name) in funders.items():
        if key not in named:
            awards.append(_award(ids, name, ""))
    for grant in work.get("grants") if isinstance(work.get("grants"), list) else []:
        if isinstance(grant, dict):
            awards.append(
                _award(
                    [funder_key(grant.get("funder"))],
                    grant.get("funder_display_name"),
                    grant.get("award_id"),
                )
            )
    return merged_awards(awards)


LICENCES = {
    "public-domain": "public domain",
    "cc0": "CC0",
    "publisher-specific-oa": "",
    "other-oa": "",
    "implied-oa": "",
}


def licence_label(value):
    """OpenAlex's licence id ("cc-by-nc-nd") as people write it ("CC BY-NC-ND"); "" when
    it names no licence a reader knows."""
    value = _text(value).lower().rsplit("/", 1)[-1]
    if value in LICENCES:
        return LICENCES[value]
    if value.startswith("cc-"):
        return "CC " + value[3:].upper()
    return ""


def host_label(name):
    """A location's name without OpenAlex's note on who runs it: "arXiv (Cornell
    University)" → "arXiv"."""
    return re.sub(r"\s*\([^()]*\)$", "", _text(name)) or _text(name)


def openalex_open_access(work):
    """Where OpenAlex says the work is free to read: {"url", "host": "repository" |
    "publisher", "name", "licence", "version"}, or None."""
    if not isinstance(work, dict):
        return None
    best = work.get("best_oa_location")
    status = work.get("open_access") if isinstance(work.get("open_access"), dict) else {}
    if not isinstance(best, dict) or not (best.get("is_oa") or status.get("is_oa")):
        return None
    url = _text(best.get("landing_page_url")) or _text(best.get("pdf_url"))
    url = url or _text(status.get("oa_url"))
    if not url.startswith(("https://", "http://")):
        return None
    source = best.get("source") if isinstance(best.get("source"), dict) else {}
    host = "repository" if _text(source.get("type")) == "repository" else "publisher"
    name = host_label(source.get("display_name")) or host_label(
        source.get("host_organization_name")
    )
    return {
        "url": url[:500],
        "host": host,
        "name": name[:200],
        "licence": licence_label(best.get("license")),
        "version": _text(best.get("version"))[:40],
    }


def openalex_institutions(work):
    """Each author's institutions, in the author list's order: [[{"name", "ror",
    "country"}]] (an empty list for an author OpenAlex places nowhere)."""
    authorships = work.get("authorships") if isinstance(work, dict) else None
    rows = []
    for authorship in authorships if isinstance(authorships, list) else []:
        if not isinstance(authorship, dict):
            continue
        author = authorship.get("author") if isinstance(authorship.get("author"), dict) else {}
        if not (_text(author.get("display_name")) or _text(authorship.get("raw_author_name"))):
            continue  # not in the record's author list either
        places = []
        for institution in authorship.get("institutions") or []:
            if not isinstance(institution, dict) or not _text(institution.get("display_name")):
                continue
            ror = ROR.search(_text(institution.get("ror")))
            places.append(
                {
                    "name": _text(institution["display_name"])[:200],
                    "ror": ror.group(1).lower() if ror else "",
                    "country": _text(institution.get("country_code")).upper()[:2],
                }
            )
        rows.append(places)
    return rows
