"""Where alumni are now, from their public ORCID records: each discovery run reads the
employments of the alumni with an ORCID iD and offers the newest position they took up
after leaving the group as a suggestion, which the alumnus or an editor accepts (then it
is on their profile, with a revision) or dismisses (then it is not offered again)."""

from django.db import transaction
from django.utils import timezone

from publications.importers import ImportProblem, orcid
from publications.importers.http import SourceUnavailable

from .models import PositionSuggestion


def alumni_with_orcid(slug=None):
    from people.models import MemberPage

    today = timezone.localdate()
    members = MemberPage.objects.live().filter(end_date__lte=today).exclude(orcid="")
    if slug:
        members = members.filter(slug=slug)
    return [member for member in members.order_by("path") if member.orcid_id]


def newest_position(member, employments):
    """Of ``employments`` (newest first, ``orcid.parse_employments``), the one to offer as
    where ``member`` is now: the newest that did not start before the year they left (one
    that did is the group's own, or older); None when there is none."""
    left = member.end_date.year if member.end_date else None
    for job in employments:
        if left and job.start[0] and job.start[0] < left:
            continue
        return job
    return None


def suggest_positions(members, log=print):
    """Ask ORCID about each of ``members`` (alumni) and keep a suggestion for each new
    position; {"asked", "new", "errors"}. A source that fails is reported, never raised."""
    report = {"asked": 0, "new": 0, "errors": []}
    for member in members:
        report["asked"] += 1
        try:
            jobs = orcid.employments(member.orcid_id)
        except (SourceUnavailable, ImportProblem) as error:  # down, or no such record
            report["errors"].append(f"{member.title}: {error}")
            log(f"  ORCID employments of {member.title}: {error}")
            continue
        job = newest_position(member, jobs)
        if job is None or (member.now_position, member.now_organisation) == (
            job.role,
            job.organisation,
        ):
            continue  # nothing newer than what the profile says
        with transaction.atomic():
            suggestion, made = PositionSuggestion.objects.get_or_create(
                member=member,
                position=job.role,
                organisation=job.organisation,
                since=job.start[0] or None,
                defaults={"url": job.url, "source_id": job.put_code},
            )
        if made:
            report["new"] += 1
            log(f"  {member.title} is now: {suggestion.words} (ORCID)")
    return report


def accept(suggestion, user):
    """Put ``suggestion`` on the alumnus's profile: a new revision, published when
    ``user`` may publish the profile, else saved as a draft for them to submit. Returns
    whether it was published."""
    from people.models import MemberPage

    with transaction.atomic():
        suggestion = PositionSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        member = MemberPage.objects.get(pk=suggestion.member_id)
        page = member.get_latest_revision_as_object()
        page.now_position = suggestion.position
        page.now_organisation = suggestion.organisation
        page.now_since = suggestion.since
        page.now_url = suggestion.url
        revision = page.save_revision(user=user, log_action=True)
        published = page.permissions_for_user(user).can_publish()
        if published:
            revision.publish(user=user)
        suggestion.status = PositionSuggestion.Status.ACCEPTED
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = user
        suggestion.save()
    return published


def dismiss(suggestion, user):
    suggestion.status = PositionSuggestion.Status.DISMISSED
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.save()
