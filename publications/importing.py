"""Planning and applying imports: de-duplication, the update rule, all-or-nothing writes.

De-duplication: a record is the same paper as an existing one (or as an earlier record
in the same import) when the DOI matches, else the arXiv id (version ignored), else
the title (compared as plain lower-case words) unless both have DOIs and they differ.

Update rule: importing a paper that already exists only fills fields that are empty
on the site. A field an editor has filled is never overwritten, and the author list
is only set when the paper has no authors at all. A paper with nothing to fill is
skipped.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.dispatch import Signal
from wagtail.coreutils import find_available_slug
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from lab_site import search_index
from lab_site.text import words
from scholarly_text import latex

from . import keys
from .authors import MemberIndex, normalise
from .importers import ImportProblem
from .models import PublicationAuthor, PublicationIndexPage, PublicationPage

FILLABLE = [
    "venue",
    "venue_note",
    "arxiv_id",
    "arxiv_category",
    "doi",
    "abstract",
    "pdf_url",
    "code_url",
    "project_url",
    "video_url",
    "slides_url",
    "paper_url",
    "editors",
    "selected",
    "volume",
    "issue",
    "pages",
    "publisher",
    "bibtex_key",
]


def title_key(title):
    """The title as compared for "same paper?": the letters and digits of any script,
    case-folded, in order. Empty for a title without any; an empty key matches nothing."""
    return words(latex.plain_text(title)).casefold()


def arxiv_key(arxiv_id):
    return re.sub(r"v\d+$", "", arxiv_id.strip().lower()) if arxiv_id else ""


@dataclass
class Action:
    kind: str  # "create", "update", "skip", or "listed": not importable, with its reason
    record: object
    page: PublicationPage | None = None
    fills: list = field(default_factory=list)
    reason: str = ""

    @property
    def verb(self):
        """What happens to the entry, in the preview's words."""
        return {
            "create": "New paper",
            "update": "Fill in",
            "skip": "Skip",
            "listed": "Not imported",
        }[self.kind]

    @property
    def title_text(self):
        """The title as the site will show it (formulas as text)."""
        return latex.plain_text(self.record.title)

    @property
    def author_line(self):
        """The authors as the preview lists them: up to eight, then how many more."""
        names = self.record.authors
        shown = ", ".join(names[:8])
        if len(names) > 8:
            return f"{shown} and {len(names) - 8} more"
        return f"{shown} et al." if self.record.authors_cut else shown

    @property
    def description(self):
        if self.kind == "listed":
            return self.reason
        if self.kind == "update":
            return "fills in: " + ", ".join(_label(name) for name in self.fills)
        if self.kind == "skip":
            return "already on the site, nothing to add"
        return "not on the site yet"

    @property
    def left_out(self):
        """What the entry gives that the paper will not keep, in one line ("" if nothing)."""
        if self.kind in {"create", "update"} and self.record.left_out:
            return "left out: " + "; ".join(self.record.left_out)
        return ""


class Lookup:
    """Papers (or records) by DOI, arXiv id and title key: the import's "same paper?".

    A DOI or an arXiv id they share makes two items one paper. A title alone does only
    when their authors share a name too: a review of a book often carries the book's
    title ("Teaching Children's Literature: It's Critical!", by other people)."""

    def __init__(self, pages):
        self.by_doi, self.by_arxiv, self.by_title = {}, {}, {}
        for page in pages:
            names = [author.name for author in page.authors.all()]
            self.add(page, page.doi, page.arxiv_id, page.title, names)

    def add(self, item, doi, arxiv_id, title, authors=()):
        if doi:
            self.by_doi.setdefault(doi.lower(), item)
        if arxiv_id:
            self.by_arxiv.setdefault(arxiv_key(arxiv_id), item)
        if key := title_key(title):
            self.by_title.setdefault(key, []).append((item, doi, name_words(authors)))

    def find(self, doi, arxiv_id, title, authors=()):
        if doi and doi.lower() in self.by_doi:
            return self.by_doi[doi.lower()]
        if arxiv_id and arxiv_key(arxiv_id) in self.by_arxiv:
            return self.by_arxiv[arxiv_key(arxiv_id)]
        key = title_key(title)
        names = name_words(authors)
        for found, found_doi, found_names in self.by_title.get(key, []) if key else []:
            if doi and found_doi and found_doi.lower() != doi.lower():
                # Two DOIs are two records (a conference and a journal version), whatever
                # their titles: only an identifier they share makes them one paper.
                continue
            if names and found_names and not names & found_names:
                continue
            return found
        return None


def name_words(authors):
    """The words of authors' names (two letters or more, case-folded): two author lists
    that share none are different people's."""
    return {
        word
        for name in authors
        for word in words(latex.plain_text(name)).casefold().split()
        if len(word) > 1
    }


def _same_person(one, other):
    """Whether two spellings of an author name one person: the same surname, and first
    names that agree on their first letter ("Z. Liu", "Ziming Liu")."""
    one, other = (
        normalise(latex.plain_text(one)).split(),
        normalise(latex.plain_text(other)).split(),
    )
    if not one or not other or one[-1] != other[-1]:
        return False
    return len(one) == 1 or len(other) == 1 or one[0][0] == other[0][0]


def completes(cut, full):
    """Whether the author list ``full`` is the whole of the list ``cut`` ended "et al.":
    longer, and beginning with the same people in the same order."""
    return len(full) > len(cut) and all(
        _same_person(name, whole) for name, whole in zip(cut, full, strict=False)
    )


def _completes_page(record, page):
    """Whether ``record`` gives the whole author list of ``page``, whose list is cut."""
    if not page.authors_cut or record.authors_cut or not record.authors:
        return False
    return completes([author.name for author in page.authors.all()], record.authors)


def _take_authors(record, whole):
    """``record``'s cut author list replaced by ``whole``'s full one, with what the source
    says of each author (ORCID iDs, family names, roles)."""
    record.authors = list(whole.authors)
    record.authors_cut = False
    if isinstance(record.extra, dict) and isinstance(whole.extra, dict):
        for name in ("author_orcids", "family_names", "whole_names", "equal_contribution",
                     "corresponding"):  # fmt: skip
            if name in whole.extra:
                record.extra[name] = whole.extra[name]
            else:
                record.extra.pop(name, None)


def plan(records, index):
    """What importing ``records`` under ``index`` would do, entry by entry. An entry that
    cannot be imported (a field the site cannot store, the same paper as an earlier entry)
    is a "listed" action with its reason: it never stops the others. The same checks run
    for the preview, a dry run and the import itself."""
    existing = Lookup(
        PublicationPage.objects.child_of(index)
        .prefetch_related("authors")
        .only("id", "title", "doi", "arxiv_id", *FILLABLE, "path", "depth", "url_path")
    )
    seen = Lookup([])
    actions = []
    action_of = {}  # id(record) → its action, for an entry a later one completes
    for record in records:
        _leave_out_long_note(record)
        if problem := _not_storable(record):
            actions.append(Action("listed", record, reason=problem))
            continue
        earlier = seen.find(record.doi, record.arxiv_id, record.title, record.authors)
        if earlier is not None:
            reason = f"the same paper as {earlier.source} (“{earlier.title}”)"
            if (
                earlier.authors_cut
                and not record.authors_cut
                and completes(earlier.authors, record.authors)
            ):
                # "A, B et al." then the whole list: the paper gets the whole list.
                _take_authors(earlier, record)
                _replan(action_of[id(earlier)])
                reason += ", whose cut author list it completes"
            actions.append(Action("listed", record, reason=reason))
            continue
        seen.add(record, record.doi, record.arxiv_id, record.title, record.authors)
        page = existing.find(record.doi, record.arxiv_id, record.title, record.authors)
        action = Action("create", record) if page is None else _update(record, page)
        action_of[id(record)] = action
        actions.append(action)
    return actions


def _update(record, page):
    """The action of an entry that is ``page``: what it fills in, or skip."""
    fills = [name for name in FILLABLE if getattr(record, name) and not getattr(page, name)]
    if record.authors and (not page.authors.all() or _completes_page(record, page)):
        fills.append("authors")
    return Action("update" if fills else "skip", record, page, fills)


def _replan(action):
    """``action`` again, after its record's authors changed."""
    if action.page is not None:
        again = _update(action.record, action.page)
        action.kind, action.fills = again.kind, again.fills


def author_rows(record, members):
    """PublicationAuthors for ``record``'s names, each linked to the member it is (by the
    ORCID iD a source gives beside the name, else by name)."""
    orcids = record.extra.get("author_orcids") or [] if isinstance(record.extra, dict) else []
    orcids = orcids if len(orcids) == len(record.authors) else [""] * len(record.authors)
    extra = record.extra if isinstance(record.extra, dict) else {}
    equal, corresponding, whole = (
        set(extra.get(role) or ())
        for role in ("equal_contribution", "corresponding", "whole_names")
    )
    rows = [
        PublicationAuthor(
            name=name,
            member=members.match(name, orcid).member,
            sort_order=number,
            equal_contribution=number in equal,
            corresponding=number in corresponding,
        )
        for number, (name, orcid) in enumerate(zip(record.authors, orcids, strict=True))
    ]
    families = extra.get("family_names") or []
    if len(families) == len(rows):
        for row, family in zip(rows, families, strict=True):
            row.family_name = family or ""
    for number, row in enumerate(rows):
        # A name the source gives whole ({LIGO Scientific Collaboration}) is cited whole,
        # unless it is a member's.
        row.whole_name = number in whole and row.member is None
    return rows


def _fill(page, record, fills, members):
    for name in fills:
        if name == "authors":
            rows = author_rows(record, members)
            # A cut list completed: the authors it had keep what an editor set on them
            # (the member each is, equal contribution, corresponding author).
            for row, before in zip(rows, page.authors.all(), strict=False):
                row.member = row.member or before.member
                row.equal_contribution = row.equal_contribution or before.equal_contribution
                row.corresponding = row.corresponding or before.corresponding
            page.authors = rows
            page.authors_cut = record.authors_cut
        elif name == "bibtex_key":
            page.bibtex_key = _free_key(record.bibtex_key, page)
        else:
            setattr(page, name, getattr(record, name))
    if page.code_url:
        page.has_code = True


def _free_key(key, page):
    """The file's key when no other paper has it (a number added when one has), or empty
    for a key BibTeX would not accept (the paper then gets one made for it)."""
    key = key.strip()
    if not keys.KEY_RE.match(key):
        return ""
    taken = set(
        PublicationPage.objects.exclude(pk=page.pk)
        .filter(bibtex_key__startswith=key)
        .values_list("bibtex_key", flat=True)
    )
    return keys.free_key(key, taken)


# The fields an entry gives a paper; the others (its place in the page tree, its
# address) are the site's to set when it is written.
ENTRY_FIELDS = {"title", "publication_date", "date_precision", "publication_type", *FILLABLE}


def _leave_out_long_note(record):
    """A note longer than an honour ("Spotlight") is a record's note, not an honour (EndNote
    and PubMed write the authors, grants and the citation there): the paper lands without
    it, and the preview says so."""
    limit = PublicationPage._meta.get_field("venue_note").max_length
    if len(record.venue_note) > limit or "\n" in record.venue_note.strip():
        record.left_out.append(
            f"its note ({len(record.venue_note):,} characters; an honour or note keeps a "
            f"line of at most {limit})"
        )
        record.venue_note = ""


def new_page(record):
    """The paper ``record`` makes, not yet saved: the one object both the plan checks and
    the import writes, so that what the preview accepts is what the import stores."""
    page = PublicationPage(
        title=record.title,
        publication_date=record.publication_date,
        date_precision=record.date_precision,
        publication_type=record.publication_type,
    )
    for name in FILLABLE:
        setattr(page, name, getattr(record, name))
    if record.status:
        page.status = record.status
    return page


def _not_storable(record):
    """Why the site cannot store ``record`` as a paper (a field longer than it keeps, or
    that its field refuses, such as a link that is not an address or a date before 1900),
    else None: every check of the model's fields, as saving runs them. The message names
    the field, not the entry (the preview lists it beside the entry)."""
    page = new_page(record)
    page.bibtex_key = ""  # a key the site cannot use is replaced, never refused
    others = {field.name for field in PublicationPage._meta.fields} - ENTRY_FIELDS
    try:
        page.clean_fields(exclude=others)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        value = getattr(page, name)
        label = "title" if name == "title" else _label(name)
        limit = getattr(PublicationPage._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            return f"its {label} is {len(value):,} characters long; at most {limit:,} fit"
        return f"its {label} “{str(value)[:80]}” is refused: {' '.join(messages).rstrip('.')}"
    limit = PublicationAuthor._meta.get_field("name").max_length
    for name in record.authors:
        if len(name) > limit:
            return f"the author name “{name[:60]}…” is longer than {limit} characters"
    return None


def apply(actions, index, progress=None, user=None):
    """Write the planned actions: all of them, or (on any error) none. Returns an
    ``ImportSummary``.

    Imports run one at a time: the list page's row is locked, and the actions are
    planned again under the lock, so that two imports of the same paper at once create
    it once (the second finds it). A conflict that still slips through is reported as
    such, with nothing written.
    """
    try:
        with transaction.atomic():
            # Locked, and read afresh: new papers are added under it.
            index = PublicationIndexPage.objects.select_for_update().get(pk=index.pk)
            actions = plan([action.record for action in actions], index)
            summary = _write(actions, index, progress, user)
            # What the records bring besides the papers (funding, open access), for the
            # apps above to offer or keep: in the same transaction, all or nothing.
            imported.send(sender=PublicationIndexPage, written=summary.written)
            return summary
    except DatabaseError as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        raise ImportProblem(
            f"The database refused the import ({first_line}), so nothing was imported. If "
            "another import was running at the same moment, import again: papers already "
            "on the site are recognised and skipped."
        ) from error


# Sent when an import is written, inside its transaction, with ``written``: [(page,
# record)] of the papers created or updated (discovery offers their funding and keeps
# what OpenAlex said of them).
imported = Signal()


class ImportSummary(Counter):
    """How many papers an import created, updated and skipped, and which ones it wrote
    (``pages``: "create" and "update" → page ids, in the order of the input), so that the
    editor can go straight to them."""

    def __init__(self):
        super().__init__()
        self.pages = {"create": [], "update": []}
        self.written = []  # (page, record) of each paper created or updated
        self.not_imported = []  # "<entry>: <why>." of each entry listed as not importable

    def as_json(self):
        return {**self, "pages": self.pages}


def summary_text(summary):
    """An import's outcome in one line: "3 created, 1 updated, 0 skipped, 2 not imported"."""
    return (
        f"{summary.get('create', 0)} created, {summary.get('update', 0)} updated, "
        f"{summary.get('skip', 0)} skipped, {summary.get('listed', 0)} not imported"
    )


def _write(actions, index, progress, user=None):
    """Create and update the papers, each with a revision, so that every imported paper's
    history starts at its import; the entries listed as not importable are counted. Each
    paper is indexed for search once, when all are written (it is saved three times)."""
    with search_index.deferred():
        return _write_each(actions, index, progress, user)


def _new_pages(actions, members):
    """The papers the "create" actions make (not saved yet), by action, keyed by date: of
    two new papers that would share a key, the earlier gets the plain one."""
    pages = {}
    for action in actions:
        if action.kind == "create":
            record = action.record
            try:
                page = new_page(record)
                _fill(page, record, FILLABLE, members)
                page.authors_cut = record.authors_cut
                page.authors = author_rows(record, members)
            except Exception as error:
                raise ImportProblem(
                    f"{record.source}: {_readable(error).rstrip('.')}. Nothing was imported."
                ) from error
            pages[id(action)] = page
    try:
        PublicationPage.key_new_papers_by_date(list(pages.values()))
    except Exception as error:
        raise ImportProblem(f"{_readable(error).rstrip('.')}. Nothing was imported.") from error
    return pages


def _write_each(actions, index, progress, user):
    members = MemberIndex.of_all_members()
    summary = ImportSummary()
    new_pages = _new_pages(actions, members)
    for number, action in enumerate(actions, start=1):
        record = action.record
        if action.kind == "listed":
            summary["listed"] += 1
            summary.not_imported.append(f"{record.source}: {action.reason}.")
            continue
        try:
            if action.kind == "create":
                page = new_pages[id(action)]
                page.slug = find_available_slug(index, PublicationPage.slug_for_title(record.title))
                # References recorded once, not at every save of the page and its authors.
                with disable_reference_index_auto_update():
                    index.add_child(instance=page)  # checked (full_clean) as it is saved
                    revision = page.save_revision(user=user, log_action=True, clean=False)
                    revision.publish(user=user)
                ReferenceIndex.create_or_update_for_object(page)
            elif action.kind == "update":
                page = action.page.specific
                _fill(page, record, action.fills, members)
                page.full_clean()
                page.save_revision(user=user, log_action=True, clean=False).publish(user=user)
        except Exception as error:
            raise ImportProblem(
                f"{record.source}: {_readable(error).rstrip('.')}. Nothing was imported."
            ) from error
        summary[action.kind] += 1
        if action.kind in summary.pages:
            summary.pages[action.kind].append(page.pk)
            summary.written.append((page, record))
        if progress:
            progress(number, len(actions))
    return summary


def _label(name):
    if name == "authors":
        return "authors"
    return str(PublicationPage._meta.get_field(name).verbose_name)


def _readable(error):
    messages = getattr(error, "message_dict", None)
    if messages:
        return " ".join(f"{name}: {' '.join(texts)}" for name, texts in messages.items())
    return str(error)
