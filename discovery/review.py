"""Deciding on suggested publications: accept (as is, or edited), dismiss, and the
members' "mine" / "not mine". Every rule is checked here, where the data is written, not
only in the admin's screens.

Accepting a new paper goes through the import's rules (``importing.plan`` and ``apply``):
the paper is created with a revision, its authors linked to members by ORCID iD or name.
Accepting an enrichment fills only fields that are still empty; a paper with unpublished
changes gets the filled fields as a new draft, never a publish of someone's draft.
"""

import dataclasses
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from publications.authors import MemberIndex
from publications.importers import ImportProblem, PublicationRecord, check_record
from publications.importing import apply, author_rows, plan
from publications.models import (
    PublicationAuthor,
    PublicationIndexPage,
    PublicationPage,
    PublicationType,
)
from publications.runs import record_from_json
from scholarly_text import latex

from .enrichments import enrichments
from .models import CitationCount, Suggestion, SuggestionMember


class ReviewProblem(Exception):
    """A decision that cannot be carried out; the message says why, for the editor."""


def may_review(user):
    """Editors who may add papers (as for the import) decide on suggestions."""
    return PublicationIndexPage.writable_by(user) is not None


def visible_to(user):
    """The suggestions ``user`` may see: all for a reviewer, those naming them for a member."""
    suggestions = Suggestion.objects.all()
    if may_review(user):
        return suggestions
    return suggestions.filter(members__member__user=user).distinct()


def work_record(suggestion):
    """The suggestion's work as a ``PublicationRecord``."""
    data = {key: value for key, value in suggestion.record.items() if key != "cited_by"}
    return record_from_json(data)


def _locked_pending(suggestion, user):
    if not may_review(user):
        raise PermissionDenied("Only editors who may add papers decide on suggestions.")
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != Suggestion.Status.PENDING:
        raise ReviewProblem(
            f"“{latex.plain_text(locked.title)}” was already "
            f"{locked.get_status_display().lower()}; nothing was changed."
        )
    return locked


def _decided(suggestion, user, status):
    suggestion.status = status
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()


def edited_record(suggestion, changes):
    """The work with an editor's ``changes`` (field → value) applied and checked."""
    record = work_record(suggestion)
    if "authors" in changes and changes["authors"] != record.authors:
        record.extra = {**record.extra, "author_orcids": []}  # no longer in step
    record = dataclasses.replace(record, **changes)
    try:
        check_record(record)
    except ImportProblem as problem:
        raise ReviewProblem(str(problem)) from problem
    return record


def accept_new(suggestion, user, changes=None):
    """Create the paper (through the import's rules, with a revision); returns the page."""
    with transaction.atomic():
        suggestion = _locked_pending(suggestion, user)
        if suggestion.kind != Suggestion.Kind.NEW:
            raise ReviewProblem("This suggestion fills in a paper; choose the fields to fill.")
        record = edited_record(suggestion, changes or {})
        index = PublicationIndexPage.find()
        try:
            summary = apply(plan([record], index), index, user=user)
        except ImportProblem as problem:
            raise ReviewProblem(str(problem)) from problem
        written = summary.pages["create"] + summary.pages["update"]
        page = PublicationPage.objects.filter(pk__in=written).first()
        if page is None:  # already on the site, with nothing to fill
            page = plan([record], index)[0].page
        _decided(suggestion, user, Suggestion.Status.ACCEPTED)
        suggestion.created_page = page
        suggestion.save()
        cited_by = suggestion.record.get("cited_by")
        if page is not None and isinstance(cited_by, int):
            CitationCount.objects.update_or_create(
                page=page, defaults={"count": cited_by, "read_on": timezone.localdate()}
            )
    return page


@dataclasses.dataclass
class Filled:
    page: PublicationPage
    filled: list
    kept: list  # fields an editor filled meanwhile: left as they are
    draft: bool  # saved as a draft (the page had unpublished changes, or no right to publish)


def accept_enrichment(suggestion, user, fields):
    """Fill ``fields`` (of the suggestion's) on its paper, where they are still empty; the
    fields not chosen are remembered as dismissed. Returns ``Filled``."""
    with transaction.atomic():
        suggestion = _locked_pending(suggestion, user)
        if suggestion.kind != Suggestion.Kind.ENRICH or suggestion.page is None:
            raise ReviewProblem("This suggestion is a new paper, not a paper to fill in.")
        chosen = [name for name in fields if name in suggestion.fills]
        if not chosen:
            raise ReviewProblem("Tick at least one field to fill in, or dismiss the suggestion.")
        page = PublicationPage.objects.select_for_update().get(pk=suggestion.page_id)
        permissions = page.permissions_for_user(user)
        if not permissions.can_edit():
            raise PermissionDenied("You may not edit this paper.")
        draft = page.has_unpublished_changes or not permissions.can_publish()
        current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        filled, kept, elsewhere = [], [], enrichments()
        for name in chosen:
            change = suggestion.fills[name]
            if name in elsewhere:
                try:
                    added = elsewhere[name].accept(page, change, user)
                except ValueError as error:
                    raise ReviewProblem(str(error)) from error
                (filled if added else kept).append(name)
            elif _fill(current, name, change):
                filled.append(name)
            else:
                kept.append(name)
        if any(name not in elsewhere for name in filled):
            try:
                current.full_clean()
            except ValidationError as error:
                raise ReviewProblem(
                    "The paper would not be valid: " + " ".join(error.messages)
                ) from error
            revision = current.save_revision(user=user, log_action=True)
            if not draft:
                revision.publish(user=user)
        declined = {name: change for name, change in suggestion.fills.items() if name not in chosen}
        if declined:
            Suggestion.objects.create(
                kind=Suggestion.Kind.ENRICH,
                status=Suggestion.Status.DISMISSED,
                title=suggestion.title,
                page=suggestion.page,
                fills=declined,
                record=suggestion.record,
                sources=suggestion.sources,
                decided_by=user,
                decided_at=timezone.now(),
            )
        suggestion.fills = {name: suggestion.fills[name] for name in chosen}
        _decided(suggestion, user, Suggestion.Status.ACCEPTED)
        suggestion.save()
    return Filled(
        page=page,
        filled=filled,
        kept=kept,
        draft=draft and any(name not in elsewhere for name in filled),
    )


def _fill(page, name, change):
    """Fill ``name`` on ``page`` from ``change`` when it is still empty (or, for authors,
    still cut short); False when an editor filled it meanwhile."""
    if name == "authors":
        if not page.authors_cut:
            return False
        existing = list(page.authors.all())
        record = PublicationRecord(
            title=page.title,
            authors=list(change["names"]),
            publication_date=page.publication_date,
            extra={"author_orcids": change.get("orcids") or []},
        )
        rows = author_rows(record, MemberIndex.of_all_members())
        for row, old in zip(rows, existing, strict=False):
            # The rows an editor made keep their member, equal-contribution and
            # corresponding marks.
            row.member = old.member or row.member
            row.equal_contribution = old.equal_contribution
            row.corresponding = old.corresponding
        page.authors = [
            PublicationAuthor(
                name=row.name,
                member=row.member,
                equal_contribution=row.equal_contribution,
                corresponding=row.corresponding,
                sort_order=number,
            )
            for number, row in enumerate(rows)
        ]
        page.authors_cut = False
        return True
    if name == "publication_type":
        if page.publication_type != PublicationType.PREPRINT:
            return False
        page.publication_type = change["new"]
        return True
    if change.get("published_version"):
        # The published version's DOI or date, over the preprint's, unless an editor has
        # changed it since the suggestion was made.
        current = getattr(page, name)
        if str(current.isoformat() if hasattr(current, "isoformat") else current) != change["old"]:
            return False
        new = change["new"]
        setattr(page, name, date.fromisoformat(new) if name == "publication_date" else new)
        return True
    if getattr(page, name):
        return False
    setattr(page, name, change["new"])
    if name == "code_url":
        page.has_code = True
    return True


def dismiss(suggestion, user):
    with transaction.atomic():
        suggestion = _locked_pending(suggestion, user)
        _decided(suggestion, user, Suggestion.Status.DISMISSED)
        suggestion.save()
    return suggestion


def set_claim(suggestion, user, claim):
    """A member says whether the work is theirs; only on the row that names them."""
    if claim not in SuggestionMember.Claim.values:
        raise ReviewProblem("Choose “Mine” or “Not mine”.")
    row = SuggestionMember.objects.filter(
        suggestion=suggestion, member__user=user, member__user__isnull=False
    ).first()
    if row is None or not user.is_authenticated:
        raise PermissionDenied("Only the members a suggestion names can say whether it is theirs.")
    row.claim = claim
    row.save(update_fields=["claim"])
    return row


def accept_many(suggestions, user):
    """Accept each (new papers as they are, enrichments with every field), each on its own:
    one that fails is reported and the others go on. Returns (accepted, problems)."""
    accepted, problems = [], []
    for suggestion in suggestions:
        try:
            if suggestion.kind == Suggestion.Kind.NEW:
                accept_new(suggestion, user)
            else:
                accept_enrichment(suggestion, user, list(suggestion.fills))
        except (ReviewProblem, PermissionDenied) as problem:
            problems.append(f"“{latex.plain_text(suggestion.title)}”: {problem}")
        else:
            accepted.append(suggestion)
    return accepted, problems
