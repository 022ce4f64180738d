"""Publication discovery: members' works found in ORCID, OpenAlex, arXiv and Crossref,
merged into one suggestion per work, compared with the site, and kept for review.

1. **Ask** every source about every member who has the ids it needs (``SOURCES``). A source
   that fails is reported in the run and the others go on.
2. **Merge** what was found: one work is one suggestion, recognised by DOI, then arXiv id
   (any version), then title words + first author's last name + year (±1, so that a
   preprint and its published version meet). An arXiv DOI (10.48550/arXiv.…) counts as
   the arXiv id. The merged work keeps the published version's venue, type, date and
   DOI, and the arXiv id, abstract and PDF of the preprint.
3. **Compare** with the site (the import's rule: DOI, arXiv id, title). A work already on
   the site becomes an *enrichment*: the fields that are empty there and that the work
   fills, each shown old → new. Nothing an editor wrote is ever replaced.
4. **Remember**: a work matching a dismissed suggestion is skipped; one matching a pending
   suggestion updates it (no duplicate); a dismissed enrichment value is not offered again.

Parsing and merging are pure; ``store`` writes, all or nothing, one run at a time.
"""

import dataclasses
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lab_site.page_cache import clear_page_cache
from lab_site.workers import is_gone, this_worker
from publications.authors import MemberIndex, name_keys, normalise
from publications.importers import (
    ImportProblem,
    PublicationRecord,
    arxiv,
    crossref,
    openalex,
    orcid,
)
from publications.importers.funding import merged_awards
from publications.importers.http import run_deadline
from publications.importing import FILLABLE, Lookup, arxiv_key, title_key
from publications.models import PublicationIndexPage, PublicationPage, PublicationType
from publications.runs import ABANDONED, ABANDONED_AFTER_SECONDS, record_to_json
from scholarly_text import latex

from .enrichments import enrichments
from .models import (
    AuthorInstitution,
    CitationCount,
    DiscoveryRun,
    OpenAccessLocation,
    Suggestion,
    SuggestionMember,
)
from .positions import alumni_with_orcid, suggest_positions

logger = logging.getLogger(__name__)

SOURCE_NAMES = {"orcid": "ORCID", "openalex": "OpenAlex", "arxiv": "arXiv", "crossref": "Crossref"}
PUBLISHED_TYPES = {
    PublicationType.JOURNAL,
    PublicationType.CONFERENCE,
    PublicationType.WORKSHOP,
    PublicationType.BOOK_CHAPTER,
}
# Which source's version of a field is preferred when several give it.
PREFER = {
    "abstract": ("arXiv", "Crossref", "OpenAlex", "ORCID"),
    "authors": ("Crossref", "OpenAlex", "arXiv", "ORCID"),
    "pdf_url": ("arXiv", "OpenAlex"),
    "title": ("Crossref", "arXiv", "OpenAlex", "ORCID"),
}
# What an enrichment may fill on a paper, in the order it is shown.
ENRICHABLE = [
    "doi",
    "arxiv_id",
    "arxiv_category",
    "venue",
    "publication_type",
    "authors",
    "abstract",
    "pdf_url",
    "code_url",
    "volume",
    "issue",
    "pages",
    "publisher",
]
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)


@dataclass
class Found:
    """One source's record of a work, found while asking about ``member``."""

    record: PublicationRecord
    source: str  # "ORCID", "OpenAlex", "arXiv", "Crossref"
    member: object
    reason: str


@dataclass
class Work:
    """What the sources say about one work, merged."""

    found: list
    record: PublicationRecord = None
    cited_by: int | None = None
    reasons: dict = field(default_factory=dict)  # member → [reason, …]

    @property
    def sources(self):
        seen, items = set(), []
        for item in self.found:
            key = (item.source, item.record.extra.get("source_id", ""))
            if key not in seen:
                seen.add(key)
                items.append({"source": key[0], "id": key[1]})
        return items


@dataclass
class SourceReport:
    asked: int = 0
    found: int = 0
    errors: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # entries it could not read


# --- asking ---------------------------------------------------------------------------


def _orcid_works(member):
    # A work ORCID does not date is dated by Crossref when it has a DOI.
    records, problems = orcid.works(member.orcid_id, member.title, date_of=crossref.date_of)
    for record in records:
        record.extra["author_orcids"] = [member.orcid_id]
    return records, problems, f"Listed on {member.title}'s ORCID record ({member.orcid_id})"


def _openalex_works(member):
    if member.orcid_id:
        expression = f"author.orcid:{member.orcid_id}"
        reason = f"OpenAlex lists ORCID {member.orcid_id} ({member.title}) among the authors"
    else:
        expression = f"author.id:{member.openalex_id}"
        reason = f"OpenAlex lists author {member.openalex_id} ({member.title}) among the authors"
    records, problems = openalex.works(expression)
    return records, problems, reason


def _arxiv_works(member):
    records, problems = arxiv.author_works(member.arxiv_author_id)
    return (
        records,
        problems,
        f"On {member.title}'s arXiv author page ({member.arxiv_author_id})",
    )


def _crossref_works(member):
    records, problems = crossref.works_of_orcid(member.orcid_id)
    reason = f"Crossref lists ORCID {member.orcid_id} ({member.title}) among the authors"
    return records, problems, reason


# source key → (what the member needs, how to ask)
SOURCES = {
    "orcid": (lambda member: member.orcid_id, _orcid_works),
    "openalex": (lambda member: member.orcid_id or member.openalex_id, _openalex_works),
    "arxiv": (lambda member: member.arxiv_author_id, _arxiv_works),
    "crossref": (lambda member: member.orcid_id, _crossref_works),
}


def ask(members, sources, log=print):
    """Every source about every member: ([Found], {source name: SourceReport})."""
    found, reports = [], {}
    for key in sources:
        needs, query = SOURCES[key]
        report = reports.setdefault(SOURCE_NAMES[key], SourceReport())
        for member in members:
            if not needs(member):
                continue
            report.asked += 1
            try:
                records, problems, reason = query(member)
            except Exception as problem:  # noqa: BLE001 - one source's failure, reported
                if not isinstance(problem, ImportProblem):
                    logger.exception("%s failed for %s", SOURCE_NAMES[key], member.title)
                    problem = f"its answer could not be read ({type(problem).__name__})"
                report.errors.append(f"{member.title}: {problem}")
                log(f"  {SOURCE_NAMES[key]}, {member.title}: failed: {problem}")
                continue
            report.found += len(records)
            report.skipped += problems
            log(f"  {SOURCE_NAMES[key]}, {member.title}: {len(records)} works")
            found += [
                Found(normalised(record), SOURCE_NAMES[key], member, reason) for record in records
            ]
    return found, reports


def normalised(record):
    """``record`` with an arXiv DOI moved to the arXiv id, ids in their stored form."""
    doi, arxiv_id = record.doi.strip(), record.arxiv_id.strip()
    if match := ARXIV_DOI.match(doi):
        arxiv_id, doi = arxiv_id or match.group(1), ""
    return dataclasses.replace(record, doi=doi, arxiv_id=arxiv_key(arxiv_id))


# --- merging --------------------------------------------------------------------------


def _first_author_key(record):
    names = normalise(record.authors[0]).split() if record.authors else []
    return names[-1] if names else ""


def _same_title(one, other):
    key = title_key(one.title)
    return (
        key
        and key == title_key(other.title)
        and _first_author_key(one) == _first_author_key(other)
        and abs(one.publication_date.year - other.publication_date.year) <= 1
    )


def _same_work(one, other):
    one_doi, other_doi = one.doi.lower(), other.doi.lower()
    if one_doi and one_doi == other_doi:
        return True
    # A version the service relates by DOI (Crossref: "has-preprint", "is-version-of"…).
    if other_doi in one.extra.get("versions", ()) or one_doi in other.extra.get("versions", ()):
        return bool(one_doi and other_doi)
    if one.arxiv_id and one.arxiv_id == other.arxiv_id:
        return True
    if one_doi and other_doi:
        # Two DOIs are two works, unless one is the preprint of the other (a bioRxiv or
        # SSRN DOI and the journal's), which the title, first author and year tell.
        return _same_title(one, other) and bool(_is_published(one)) != bool(_is_published(other))
    return _same_title(one, other)


def group(found):
    """``found`` grouped into works (a work is every record connected by ``_same_work``).

    Two records can only be the same work if they share a DOI, an arXiv id or a title
    with its first author (what ``_same_work`` compares), so each record is compared only
    with the records indexed under those: linear in the records, not quadratic. Each
    work lists its records in the order they were found; works come in the order of
    their last record."""
    parent = list(range(len(found)))
    # The DOIs of each group so far: a record without a DOI that shares a title with two
    # works of different DOIs (two versions of a data set, a preprint's v1 and v2) joins
    # one of them, never both into one.
    dois = [{item.record.doi.lower()} if item.record.doi else set() for item in found]

    def root(index):
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(one, other, direct_dois):
        one, other = root(one), root(other)
        if dois[one] and dois[other] and not dois[one] & dois[other] and not direct_dois:
            return
        parent[other] = one
        dois[one] |= dois[other]

    index = {}  # (kind, value) → the positions of the records that have it
    for position, item in enumerate(found):
        record = item.record
        keys = []
        if record.doi:
            keys.append(("doi", record.doi.lower()))
        keys += [("doi", version) for version in record.extra.get("versions", ())]
        if record.arxiv_id:
            keys.append(("arxiv", record.arxiv_id))
        title = title_key(record.title)
        if title:
            keys.append(("title", title, _first_author_key(record)))
        candidates = {other for key in keys for other in index.get(key, ())}
        for other in sorted(candidates):
            other_record = found[other].record
            if root(other) != root(position) and _same_work(record, other_record):
                join(position, other, bool(record.doi and other_record.doi))
        for key in keys:
            index.setdefault(key, []).append(position)
    components = {}
    for position in range(len(found)):
        components.setdefault(root(position), []).append(position)
    ordered = sorted(components.values(), key=lambda positions: positions[-1])
    return [merge([found[position] for position in positions]) for positions in ordered]


def _is_published(record):
    return record.publication_type in PUBLISHED_TYPES and (record.doi or record.venue)


def _pick(items, name, order):
    ranked = sorted(
        (item for item in items if getattr(item.record, name)),
        key=lambda item: order.index(item.source) if item.source in order else len(order),
    )
    return ranked[0] if ranked else None


def merge(items):
    """One ``Work`` of records of the same work."""
    records = [item.record for item in items]
    published = [item for item in items if _is_published(item.record)]
    published.sort(key=lambda item: PREFER["authors"].index(item.source))
    main = published[0].record if published else None
    with_authors = [item for item in items if item.source != "ORCID"] or items
    authors = max(
        with_authors,
        key=lambda item: (
            not item.record.authors_cut,
            len(item.record.authors),
            -PREFER["authors"].index(item.source),
        ),
    ).record
    title = _pick(items, "title", PREFER["title"]).record.title
    base = main or min(records, key=lambda record: record.publication_date)
    merged = dataclasses.replace(
        base,
        title=title,
        authors=list(authors.authors),
        authors_cut=authors.authors_cut,
        extra={"author_orcids": list(authors.extra.get("author_orcids") or [])},
        source=f"“{latex.plain_text(title)[:80]}”",
    )
    for name in ("doi", "arxiv_id", "arxiv_category"):
        if not getattr(merged, name):
            setattr(merged, name, next((getattr(r, name) for r in records if getattr(r, name)), ""))
    if main is None and PublicationType.PREPRINT not in {r.publication_type for r in records}:
        # No source names a venue, DOI or preprint server: the type is the sources' own
        # (ORCID's "journal-article" of 1992, with only a title and a year).
        main = base
    if main is None:
        merged.publication_type = PublicationType.PREPRINT
        merged.volume = merged.issue = merged.pages = ""
        # Where the authors told arXiv it was published, when no source knows that version.
        merged.venue = next(
            (ref for record in records if (ref := record.extra.get("journal_ref", ""))), ""
        )[:200]
    else:
        for name in ("venue", "volume", "issue", "pages"):
            if not getattr(merged, name):
                values = [getattr(item.record, name) for item in published]
                setattr(merged, name, next((value for value in values if value), ""))
    for name in ("abstract", "pdf_url"):
        picked = _pick(items, name, PREFER[name])
        setattr(merged, name, getattr(picked.record, name) if picked else "")
    merged.output = _output(records)
    _carry_metadata(merged, items)
    work = Work(found=items, record=merged)
    counts = [item.record.extra.get("cited_by") for item in items if item.source == "OpenAlex"]
    counts = [count for count in counts if isinstance(count, int)]
    work.cited_by = max(counts) if counts else None
    for item in items:
        reasons = work.reasons.setdefault(item.member, [])
        if item.reason not in reasons:
            reasons.append(item.reason)
    return work


def _carry_metadata(merged, items):
    """What the sources say besides the bibliography: the funding all of them name, and
    OpenAlex's open-access location and authors' institutions (``importers.funding``)."""
    awards = [award for item in items for award in item.record.extra.get("funding") or []]
    if awards:
        merged.extra["funding"] = merged_awards([dict(award) for award in awards])
    openalex = [item.record for item in items if item.source == "OpenAlex"]
    if openalex:
        merged.extra["openalex"] = openalex_facts(openalex[0])


def openalex_facts(record):
    """What an OpenAlex ``record`` says of its work besides the bibliography, as
    ``keep_openalex_facts`` keeps it."""
    return {
        "open_access": record.extra.get("open_access"),
        "institutions": record.extra.get("institutions") or [],
        "authors": list(record.authors),
    }


def _output(records):
    """ "" when any source says the work is a paper; else what it is, as the first source
    that names it says ("dataset" before "other")."""
    if any(not record.output for record in records):
        return ""
    return next((r.output for r in records if r.output != "other"), records[0].output)


def attribute(works):
    """Add the other members a work names in its author list (by ORCID, else by name), so
    that each member sees the suggestions that name them, with the reason."""
    members = MemberIndex.of_all_members()
    for work in works:
        record = work.record
        orcids = record.extra.get("author_orcids") or []
        orcids = orcids if len(orcids) == len(record.authors) else [""] * len(record.authors)
        known = {member.pk for member in work.reasons}
        for position, (name, orcid_id) in enumerate(zip(record.authors, orcids, strict=True)):
            member = members.match(name, orcid_id).member
            if member is None or member.pk in known:
                continue
            known.add(member.pk)
            how = f"ORCID {orcid_id}" if orcid_id and orcid_id == member.orcid_id else "the name"
            work.reasons[member] = [
                f"Author {position + 1}, “{name}”, is {member.title} (by {how})"
            ]


def outside_membership(work):
    """Why ``work`` is set apart: "" when it was published in the time one of the members
    it names was in the group (from the day they joined to DISCOVERY_GRACE_MONTHS after
    they left; a member without dates is always in it), else the reason for each member
    ("published 2019, before Ziming Liu joined in 2021")."""
    published = work.record.publication_date
    grace = settings.DISCOVERY_GRACE_MONTHS
    reasons = []
    for member in work.reasons:
        start, end = member.start_date, member.end_date
        if end is not None:  # the first day of the month after the grace months
            months = end.year * 12 + end.month + grace
            end = date(months // 12, months % 12 + 1, 1)
        if start is not None and published < start:
            reasons.append(
                f"published {published.year}, before {member.title} joined in {start.year}"
            )
        elif end is not None and published >= end:
            reasons.append(
                f"published {published.year}, after {member.title} left in {member.end_date.year}"
            )
        else:
            return ""
    return "; ".join(reasons)


# --- comparing with the site ------------------------------------------------------------


def _names_agree(short, full):
    """Whether the site's (cut) author list begins like ``full``: the same people, in order."""
    if len(full) <= len(short):
        return False
    for mine, theirs in zip(short, full, strict=False):
        mine_keys, mine_weak = name_keys(mine)
        theirs_keys, theirs_weak = name_keys(theirs)
        if not (mine_keys & theirs_keys or (mine_weak and mine_weak == theirs_weak)):
            return False
    return True


def _published_version_of(page, record):
    """Whether ``record`` is the published version of ``page``, a preprint on the site."""
    return (
        page.publication_type == PublicationType.PREPRINT
        and record.publication_type in PUBLISHED_TYPES
        and not page.venue
        and bool(record.venue)
    )


def enrichment(page, record):
    """{field: {"old", "new"}}: what ``record`` fills on ``page`` without replacing
    anything an editor wrote."""
    fills = {}
    for name in ENRICHABLE:
        if name == "authors":
            site = [author.name for author in page.authors.all()]
            if page.authors_cut and not record.authors_cut and _names_agree(site, record.authors):
                fills["authors"] = {
                    "old": ", ".join(site) + " et al.",
                    "new": ", ".join(record.authors),
                    "names": list(record.authors),
                    "orcids": record.extra.get("author_orcids") or [],
                }
            continue
        if name == "publication_type":
            if _published_version_of(page, record):
                fills[name] = {"old": page.publication_type, "new": record.publication_type}
                # The published version's DOI and date replace the preprint's.
                if record.doi and page.doi and page.doi.lower() != record.doi.lower():
                    fills["doi"] = {"old": page.doi, "new": record.doi, "published_version": True}
                if record.publication_date != page.publication_date:
                    fills["publication_date"] = {
                        "old": page.publication_date.isoformat(),
                        "new": record.publication_date.isoformat(),
                        "published_version": True,
                    }
            continue
        value = getattr(record, name, "")
        if value and name in FILLABLE and not getattr(page, name):
            fills[name] = {"old": "", "new": value}
    for name, other in enrichments().items():
        change = other.offer(page, record)
        if change:
            fills[name] = change
    return fills


def plan(works, index):
    """Each work → ("new", None, fills) | ("enrich", page, fills) | ("known", page, {})."""
    pages = list(
        PublicationPage.objects.child_of(index)
        .prefetch_related("authors")
        .only(
            "id",
            "title",
            "authors_cut",
            "publication_type",
            "publication_date",
            *FILLABLE,
            "path",
            "depth",
        )
    )
    site = Lookup(pages)
    outcome = []
    for work in works:
        record = work.record
        page = site.find(record.doi, record.arxiv_id, record.title, record.authors)
        if page is None and work.found:
            # Any source's ids may name the page (a preprint's DOI, an older arXiv version).
            for item in work.found:
                item_record = item.record
                page = site.find(
                    item_record.doi, item_record.arxiv_id, item_record.title, item_record.authors
                )
                if page:
                    break
        if page is None:
            outcome.append(("new", None, {}))
        else:
            fills = enrichment(page, record)
            outcome.append(("enrich" if fills else "known", page, fills))
    return outcome


# --- remembering ----------------------------------------------------------------------


class Memory:
    """Earlier suggestions of new papers, by the keys a work is recognised by."""

    def __init__(self):
        suggestions = Suggestion.objects.filter(kind=Suggestion.Kind.NEW)
        self.lookup = Lookup([])
        for suggestion in suggestions:
            self.lookup.add(suggestion, suggestion.doi, suggestion.arxiv_id, suggestion.title)

    def find(self, work):
        """The earlier suggestion of the same work: one with its DOI or arXiv id, or its
        title (and first author) where the DOIs do not differ. A title alone never joins
        two works with different DOIs."""
        doi, arxiv_id = work.record.doi, work.record.arxiv_id
        for record in [work.record, *(item.record for item in work.found)]:
            found = self.lookup.find(
                record.doi or doi, record.arxiv_id or arxiv_id, record.title, record.authors
            )
            if found and not (doi and found.doi and found.doi.lower() != doi.lower()):
                return found
        return None


def _add_members(suggestion, work):
    for member, reasons in work.reasons.items():
        row, created = SuggestionMember.objects.get_or_create(
            suggestion=suggestion, member=member, defaults={"reasons": reasons}
        )
        if not created:
            merged = row.reasons + [reason for reason in reasons if reason not in row.reasons]
            if merged != row.reasons:
                row.reasons = merged
                row.save(update_fields=["reasons"])


def _dismissed_values(page):
    """(field, new value) pairs an editor dismissed for ``page`` before."""
    pairs = set()
    for fills in Suggestion.objects.filter(
        kind=Suggestion.Kind.ENRICH, status=Suggestion.Status.DISMISSED, page=page
    ).values_list("fills", flat=True):
        pairs |= {(name, str(change.get("new"))) for name, change in fills.items()}
    return pairs


def store(works, outcome, index, run):
    """Write the suggestions and the cited-by counts: all of them or none. Discovery runs
    one at a time: the publication list's row is locked while they are written."""
    counts = defaultdict(int)
    today = timezone.localdate()
    with transaction.atomic():
        PublicationIndexPage.objects.select_for_update().filter(pk=index.pk).first()
        memory = Memory()
        made_now = set()
        counted = False
        for work, (kind, page, fills) in zip(works, outcome, strict=True):
            if page is not None and work.cited_by is not None:
                CitationCount.objects.update_or_create(
                    page=page, defaults={"count": work.cited_by, "read_on": today}
                )
                counted = True
            if page is not None and keep_openalex_facts(page, work.record, today):
                counted = True
            if kind == "known":
                counts["known"] += 1
                continue
            if kind == "enrich":
                dismissed = _dismissed_values(page)
                fills = {
                    name: change
                    for name, change in fills.items()
                    if (name, str(change.get("new"))) not in dismissed
                }
                if not fills:
                    counts["dismissed"] += 1
                    continue
                suggestion, created = Suggestion.objects.get_or_create(
                    kind=Suggestion.Kind.ENRICH,
                    status=Suggestion.Status.PENDING,
                    page=page,
                    defaults={"title": page.title[:500]},
                )
                _update(suggestion, work, fills=fills)
                _add_members(suggestion, work)
                counts["enrich" if created else "updated"] += 1
                continue
            earlier = memory.find(work)
            if earlier is not None and earlier.status != Suggestion.Status.PENDING:
                counts["dismissed" if earlier.status == "dismissed" else "known"] += 1
                continue
            suggestion = earlier or Suggestion(kind=Suggestion.Kind.NEW)
            _update(suggestion, work)
            _add_members(suggestion, work)
            memory.lookup.add(suggestion, suggestion.doi, suggestion.arxiv_id, suggestion.title)
            # "updated" counts suggestions of earlier runs only: a second work of this run
            # that is the same as one stored a moment ago is no earlier suggestion.
            if earlier is None:
                made_now.add(suggestion.pk)
                counts["new"] += 1
            elif earlier.pk not in made_now:
                counts["updated"] += 1
        run.counts = dict(counts)
        run.save(update_fields=["counts"])
    if counted:
        clear_page_cache()
    return counts


def keep_openalex_facts(page, record, today):
    """Keep what OpenAlex said of ``page`` (``record.extra["openalex"]``): where it is free
    to read (or that it no longer is) and its authors' institutions. True when OpenAlex
    spoke of it."""
    facts = record.extra.get("openalex")
    if facts is None:
        return False
    place = facts.get("open_access")
    if place:
        OpenAccessLocation.objects.update_or_create(page=page, defaults={**place, "read_on": today})
    else:
        OpenAccessLocation.objects.filter(page=page).delete()
    authors, institutions = facts.get("authors") or [], facts.get("institutions") or []
    if len(authors) == len(institutions):
        AuthorInstitution.objects.filter(page=page).delete()
        AuthorInstitution.objects.bulk_create(
            AuthorInstitution(
                page=page,
                position=position,
                author_name=name[:200],
                name=place["name"],
                ror=place["ror"],
                country=place["country"],
                read_on=today,
            )
            for position, (name, places) in enumerate(zip(authors, institutions, strict=True))
            for place in places
        )
    return True


def _update(suggestion, work, fills=None):
    record = work.record
    if suggestion.kind == Suggestion.Kind.NEW:
        suggestion.title = record.title[:500]
        suggestion.output = record.output
        suggestion.outside_membership = outside_membership(work)[:500]
        suggestion.doi = record.doi
        suggestion.arxiv_id = record.arxiv_id
        suggestion.title_key = title_key(record.title)[:500]
    suggestion.record = {**record_to_json(record), "cited_by": work.cited_by}
    if fills is not None:
        suggestion.fills = fills
    suggestion.sources = work.sources
    suggestion.save()


# --- running --------------------------------------------------------------------------


def members_to_ask(slug=None):
    from people.models import MemberPage

    members = MemberPage.objects.all().order_by("path")
    # One member asked by name is asked even with the switch off (the editor asked).
    members = members.filter(slug=slug) if slug else members.filter(discover_publications=True)
    return [
        member
        for member in members
        if member.orcid_id or member.openalex_id or member.arxiv_author_id
    ]


def complete_from_crossref(works, log=print):
    """Works known only from ORCID (no authors beyond the member) that have a DOI: asked of
    Crossref by DOI, so that the suggestion lists every author."""
    for work in works:
        if {item.source for item in work.found} != {"ORCID"} or not work.record.doi:
            continue
        try:
            records = crossref.fetch([work.record.doi])
        except Exception as problem:  # noqa: BLE001 - one answer's failure, reported
            if not isinstance(problem, ImportProblem):
                logger.exception("Crossref failed for %s", work.record.doi)
            log(f"  Crossref, DOI {work.record.doi}: {problem}")
            continue
        for record in records:
            member = work.found[0].member
            work.found.append(Found(normalised(record), "Crossref", member, work.found[0].reason))
        fresh = merge(work.found)
        work.record, work.cited_by, work.reasons = fresh.record, fresh.cited_by, fresh.reasons


def discover(*, member_slug=None, sources=None, dry_run=False, trigger="manage.py", log=print):
    """Ask, merge, compare and (unless ``dry_run``) store; returns the ``DiscoveryRun``."""
    sources = list(sources or SOURCES)
    index = PublicationIndexPage.find()
    if index is None:
        raise ImportProblem("There is no publication list page yet: create one first.")
    members = members_to_ask(member_slug)
    fail_abandoned_runs()
    run = DiscoveryRun(
        trigger=trigger, dry_run=dry_run, members=[m.title for m in members], worker=this_worker()
    )
    if not dry_run:  # a dry run writes nothing, not even its log
        run.save()
    lines = []

    def note(line):
        lines.append(line)
        log(line)
        if run.pk:  # the admin's runs page shows how far a run has got
            DiscoveryRun.objects.filter(pk=run.pk).update(log="\n".join(lines))

    try:
        note(
            f"Asking {', '.join(SOURCE_NAMES[key] for key in sources)} about "
            f"{len(members)} member(s)."
        )
        with run_deadline(settings.DISCOVERY_RUN_SECONDS):
            found, reports = ask(members, sources, log=note)
            works = group(found)
            attribute(works)
            if "crossref" in sources:
                complete_from_crossref(works, log=note)
        outcome = plan(works, index)
        for work, (kind, _page, fills) in zip(works, outcome, strict=True):
            what = {"new": "new paper", "enrich": "fills in", "known": "already on the site"}[kind]
            detail = f" ({', '.join(fills)})" if fills else ""
            note(f"  {what}: {latex.plain_text(work.record.title)[:90]}{detail}")
        run.sources = {name: dataclasses.asdict(report) for name, report in reports.items()}
        if dry_run:
            counts = defaultdict(int)
            for kind, _page, _fills in outcome:
                counts[kind] += 1
            run.counts = dict(counts)
        else:
            store(works, outcome, index, run)
            positions = suggest_positions(alumni_with_orcid(member_slug), log=note)
            if positions["new"]:
                run.counts = {**run.counts, "positions": positions["new"]}
            if positions["errors"]:
                run.sources = {
                    **run.sources,
                    "ORCID employments": {
                        "asked": positions["asked"],
                        "found": positions["new"],
                        "errors": positions["errors"],
                        "skipped": [],
                    },
                }
        failed = any(report.errors for report in reports.values())
        run.status = DiscoveryRun.Status.PARTIAL if failed else DiscoveryRun.Status.DONE
    except Exception as error:
        run.status = DiscoveryRun.Status.FAILED
        note(f"The run failed: {error}")
        raise
    finally:
        run.finished_at = timezone.now()
        run.log = "\n".join(lines)
        if not dry_run:
            run.save()
    return run


def fail_abandoned_runs():
    """Mark failed every discovery run still "running" whose process is gone (the imports'
    rule, ``publications.runs``); how many. Called wherever runs are shown or started."""
    failed = 0
    for run in DiscoveryRun.objects.filter(status=DiscoveryRun.Status.RUNNING, dry_run=False):
        if is_gone(run.worker, run.started_at, ABANDONED_AFTER_SECONDS):
            failed += DiscoveryRun.objects.filter(pk=run.pk, status=run.status).update(
                status=DiscoveryRun.Status.FAILED,
                finished_at=timezone.now(),
                log=(run.log + "\n" if run.log else "") + ABANDONED,
            )
    return failed
