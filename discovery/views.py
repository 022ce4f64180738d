"""The admin's "Suggested publications": the queue, one suggestion, and the runs log.

Editors who may add papers see every suggestion and decide; a member sees the ones that
name them and says "mine" or "not mine". The rules live in ``discovery.review``.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from publications.models import PublicationPage
from scholarly_text import latex

from . import positions, review
from .discover import ENRICHABLE, fail_abandoned_runs
from .enrichments import enrichments
from .forms import NewPaperForm, QueueFilterForm
from .models import DiscoveryRun, PositionSuggestion, Suggestion, SuggestionMember
from .tasks import (
    SchedulingUnavailable,
    discovery_waiting_to_start,
    run_discovery,
    scheduled_discovery,
)

PER_PAGE = 50
HEADER = {"header_title": "Suggested publications", "header_icon": "doc-full-inverse"}


def _field_label(name):
    """The field's name as the paper's edit form shows it ("arXiv id", "PDF", "venue"), or
    an enrichment's own label ("funding")."""
    if name == "authors":
        return "authors"
    if name in (other := enrichments()):
        return str(other[name].label)
    return str(PublicationPage._meta.get_field(name).verbose_name)


def _heading(label):
    """A label at the start of a line: "venue" → "Venue", "arXiv id" and "PDF" unchanged."""
    return label[0].upper() + label[1:] if label.split()[0].islower() else label


def may_see_queue(user):
    return review.may_review(user) or SuggestionMember.objects.filter(member__user=user).exists()


def queue(request):
    """The suggestions, newest first, filtered by status and kind, with bulk accept."""
    if not request.user.is_authenticated or not may_see_queue(request.user):
        raise PermissionDenied
    reviewer = review.may_review(request.user)
    filters = QueueFilterForm(request.GET)
    filters.is_valid()  # a value that does not validate is ignored, the others kept
    status = filters.cleaned_data.get("status") or "pending"
    kind = filters.cleaned_data.get("kind") or ""
    works = filters.cleaned_data.get("works") or ""
    page_number = filters.cleaned_data.get("p") or 1
    suggestions = review.visible_to(request.user)
    if status != "all":
        suggestions = suggestions.filter(status=status)
    if kind:
        suggestions = suggestions.filter(kind=kind)
    # Data sets, software and the other works that are not papers, and papers published
    # outside the named members' time in the group, are listed apart.
    other_outputs = suggestions.exclude(output="")
    outside = suggestions.filter(output="").exclude(outside_membership="")
    if works == "":
        suggestions = suggestions.filter(output="", outside_membership="")
    elif works == "outputs":
        suggestions = other_outputs
    elif works == "outside":
        suggestions = outside
    suggestions = suggestions.select_related("page").prefetch_related("members__member")
    paginator = Paginator(suggestions, PER_PAGE)
    page = paginator.get_page(page_number)
    rows = [_row(suggestion, request.user) for suggestion in page.object_list]
    return TemplateResponse(
        request,
        "discovery/admin/suggestions.html",
        {
            "rows": rows,
            "page": page,
            "filters": filters,
            "status": status,
            "kind": kind,
            "works": works,
            "other_outputs": other_outputs.count() if works == "" else 0,
            "outside": outside.count() if works == "" else 0,
            "reviewer": reviewer,
            "runs": _runs(1) if reviewer else [],
            "can_run_now": reviewer and _backend_defers() and not _running_or_waiting(),
            "page_title": "Suggested publications",
            **HEADER,
        },
    )


def _backend_defers():
    return run_discovery.get_backend().supports_defer


def _row(suggestion, user):
    members = list(suggestion.members.all())
    return {
        "suggestion": suggestion,
        "title": latex.plain_text(suggestion.title),
        "what": (
            f"Not a paper ({suggestion.get_output_display().lower()}): add it as a paper"
            if suggestion.kind == Suggestion.Kind.NEW and suggestion.output
            else f"New paper, though {suggestion.outside_membership}"
            if suggestion.kind == Suggestion.Kind.NEW and suggestion.outside_membership
            else "New paper"
            if suggestion.kind == Suggestion.Kind.NEW
            else "Fill in: " + ", ".join(_field_label(name) for name in suggestion.fills)
        ),
        "members": members,
        "mine": [row for row in members if row.member.user_id == user.pk],
    }


def suggestion_detail(request, suggestion_id):
    """One suggestion: why, from where, and what accepting would do; the decision."""
    suggestion = get_object_or_404(
        review.visible_to(request.user).select_related("page", "created_page"), pk=suggestion_id
    )
    reviewer = review.may_review(request.user)
    record = review.work_record(suggestion)
    form = None
    if suggestion.kind == Suggestion.Kind.NEW and suggestion.status == Suggestion.Status.PENDING:
        form = NewPaperForm.for_record(record, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied
        try:
            if suggestion.kind == Suggestion.Kind.NEW:
                if form.is_valid():
                    page = review.accept_new(suggestion, request.user, form.changes(record))
                    messages.success(
                        request,
                        f"“{latex.plain_text(page.title)}” is on the site now.",
                        buttons=[
                            messages.button(
                                reverse("wagtailadmin_pages:edit", args=[page.pk]), "Edit"
                            ),
                            messages.button(page.url, "View on the site"),
                        ],
                    )
                    return redirect("publications_suggestions")
                messages.error(request, "Please correct the fields marked below, then accept.")
            else:
                filled = review.accept_enrichment(
                    suggestion, request.user, request.POST.getlist("field")
                )
                messages.success(request, _filled_message(filled))
                return redirect("publications_suggestions")
        except review.ReviewProblem as problem:
            messages.error(request, str(problem))
    members = list(suggestion.members.select_related("member"))
    return TemplateResponse(
        request,
        "discovery/admin/suggestion.html",
        {
            "suggestion": suggestion,
            "title": latex.plain_text(suggestion.title),
            "record": record,
            "form": form,
            "fills": [
                (name, _heading(_field_label(name)), suggestion.fills[name])
                for name in [*ENRICHABLE, *enrichments()]
                if name in suggestion.fills
            ],
            "members": members,
            "mine": [row for row in members if row.member.user_id == request.user.pk],
            "reviewer": reviewer,
            "pending": suggestion.status == Suggestion.Status.PENDING,
            "cited_by": suggestion.record.get("cited_by"),
            "page_title": latex.plain_text(suggestion.title),
            **HEADER,
        },
    )


def _filled_message(filled):
    title = latex.plain_text(filled.page.title)
    labels = ", ".join(_field_label(name) for name in filled.filled)
    message = f"“{title}”: filled in {labels}." if filled.filled else f"“{title}”: nothing to fill."
    if filled.draft:
        message += (
            " The paper has unpublished changes, so this is saved as a draft on top of them: "
            "publish the paper when it is ready."
        )
    if filled.kept:
        kept = ", ".join(_field_label(name) for name in filled.kept)
        message += f" Left as they are (an editor filled them meanwhile): {kept}."
    return message


@require_POST
def dismiss(request, suggestion_id):
    suggestion = get_object_or_404(review.visible_to(request.user), pk=suggestion_id)
    try:
        review.dismiss(suggestion, request.user)
    except review.ReviewProblem as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            f"Dismissed “{latex.plain_text(suggestion.title)}”. It will not be suggested again.",
        )
    return redirect("publications_suggestions")


@require_POST
def claim(request, suggestion_id):
    suggestion = get_object_or_404(review.visible_to(request.user), pk=suggestion_id)
    value = request.POST.get("claim", "")
    try:
        review.set_claim(suggestion, request.user, value)
    except review.ReviewProblem as problem:
        messages.error(request, str(problem))
    else:
        said = {"mine": "is yours", "not_mine": "is not yours", "": "is unsure"}[value]
        messages.success(
            request,
            f"Thank you: the editors will see that “{latex.plain_text(suggestion.title)}” "
            f"{said}. They decide what is added.",
        )
    return redirect("publications_suggestion", suggestion.pk)


@require_POST
def accept_selected(request):
    if not review.may_review(request.user):
        raise PermissionDenied
    ids = [value for value in request.POST.getlist("selected") if value.isdigit()]
    chosen = list(
        Suggestion.objects.filter(pk__in=ids, status=Suggestion.Status.PENDING).order_by("pk")
    )
    if not chosen:
        messages.warning(request, "Tick the suggestions to accept first.")
        return redirect("publications_suggestions")
    accepted, problems = review.accept_many(chosen, request.user)
    if accepted:
        messages.success(request, f"Accepted {len(accepted)} of {len(chosen)} suggestions.")
    for problem in problems:
        messages.error(request, problem)
    return redirect("publications_suggestions")


@require_POST
def run_now(request):
    """Queue a discovery run for the worker (only offered with a backend that has one)."""
    if not review.may_review(request.user):
        raise PermissionDenied
    if not _backend_defers():
        messages.error(
            request,
            "This server has no background worker for discovery runs, so they cannot be "
            "started here: ask whoever runs the site to start one (see "
            "docs/importing-and-discovery.md).",
        )
    elif _running_or_waiting():
        messages.warning(request, "The site is looking for new papers already: see below.")
    else:
        run_discovery.enqueue()
        messages.success(
            request,
            "The site is looking for new papers in the background; this page shows how far "
            "it has got, and new suggestions appear in the list when it is done.",
        )
    return redirect("publications_discovery_runs")


def _waiting_to_start():
    return _backend_defers() and discovery_waiting_to_start()


def _running_or_waiting():
    fail_abandoned_runs()
    running = DiscoveryRun.objects.filter(status=DiscoveryRun.Status.RUNNING, dry_run=False)
    return running.exists() or _waiting_to_start()


def runs(request):
    """The log of discovery runs: when, how long, which sources answered, what they found."""
    if not review.may_review(request.user):
        raise PermissionDenied
    try:
        waiting = scheduled_discovery() if _backend_defers() else None
    except SchedulingUnavailable:
        waiting = None
    starting = _waiting_to_start()
    return TemplateResponse(
        request,
        "discovery/admin/discovery_runs.html",
        {
            "runs": _runs(30),
            "next_run": waiting.run_after if waiting is not None else None,
            "can_run_now": _backend_defers(),
            "starting": starting,
            "busy": starting or _running_or_waiting(),
            "page_title": "Discovery runs",
            "header_title": "Discovery runs",
            "header_icon": "history",
        },
    )


def _runs(count):
    """The latest discovery runs, a run whose process died shown as failed."""
    fail_abandoned_runs()
    return DiscoveryRun.objects.all()[:count]


def position_suggestions_for(user, limit=20):
    """The pending positions ``user`` may decide: those of profiles they may edit."""
    pending = PositionSuggestion.objects.filter(
        status=PositionSuggestion.Status.PENDING, member__live=True
    ).select_related("member")
    return [
        suggestion
        for suggestion in pending[:200]
        if suggestion.member.permissions_for_user(user).can_edit()
    ][:limit]


@require_POST
def decide_position(request, suggestion_id, decision):
    """Put a suggested position on the alumnus's profile, or dismiss it."""
    suggestion = get_object_or_404(
        PositionSuggestion.objects.select_related("member"),
        pk=suggestion_id,
        status=PositionSuggestion.Status.PENDING,
    )
    member = suggestion.member
    if (
        decision not in {"accept", "dismiss"}
        or not member.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    if decision == "dismiss":
        positions.dismiss(suggestion, request.user)
        messages.success(request, f"Dismissed: {suggestion.words}. It is not suggested again.")
    elif positions.accept(suggestion, request.user):
        messages.success(
            request,
            f"{member.title}'s profile now says: Now: {suggestion.words}.",
            buttons=[messages.button(member.url, "View the profile")],
        )
    else:
        messages.success(
            request,
            f"Saved in {member.title}'s profile as a draft. Submit it for approval when "
            "it is ready.",
            buttons=[
                messages.button(reverse("wagtailadmin_pages:edit", args=[member.pk]), "Open it")
            ],
        )
    return redirect("wagtailadmin_home")
