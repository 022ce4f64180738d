"""What publication discovery keeps: suggestions for editors to review, the runs that made
them, and the cited-by counts read from OpenAlex.

A suggestion is kept after it is decided, so that a dismissed work is never suggested
again and an accepted one is not suggested twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from publications.importers import OTHER_OUTPUTS


class Suggestion(models.Model):
    """One work found by discovery: a new paper to add, or what it would fill in on a paper
    already on the site (an enrichment)."""

    class Kind(models.TextChoices):
        NEW = "new", _("New paper")
        ENRICH = "enrich", _("Fill in an existing paper")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEW)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    title = models.CharField(max_length=500)
    # "" for a paper; else what the work is (publications.importers.OTHER_OUTPUTS): data
    # sets, software, reviews… are listed apart from the papers.
    output = models.CharField(
        _("what it is"),
        max_length=20,
        blank=True,
        default="",
        choices=[("", _("Paper")), *OTHER_OUTPUTS.items()],
    )
    # Why the work is listed apart although it names members: it was published outside
    # their time in the group ("published 2019, before Ziming Liu joined in 2021"); "" when
    # it was published in it. See discovery.discover.outside_membership.
    outside_membership = models.CharField(
        _("outside the members' time in the group"), max_length=500, blank=True, default=""
    )
    # How the work is recognised when found again (see discovery.discover).
    doi = models.CharField(max_length=200, blank=True, db_index=True)
    arxiv_id = models.CharField(max_length=40, blank=True, db_index=True)
    title_key = models.CharField(max_length=500, blank=True, db_index=True)
    record = models.JSONField(default=dict)  # the work, as it would be created
    fills = models.JSONField(default=dict, blank=True)  # enrichment: field → {old, new}
    sources = models.JSONField(default=list, blank=True)  # [{"source", "id"}]
    page = models.ForeignKey(
        "publications.PublicationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="suggestions",
        help_text=_("The paper an enrichment fills in."),
    )
    created_page = models.ForeignKey(
        "publications.PublicationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    found_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "publications_suggestion"  # made by publications before discovery became an app
        ordering = ["-found_at", "-pk"]
        verbose_name = _("suggested publication")
        constraints = [
            # One open enrichment per paper: a later run updates it.
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(kind="enrich", status="pending"),
                name="one_pending_enrichment_per_paper",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def source_names(self):
        return sorted({item.get("source", "") for item in self.sources} - {""})


class SuggestionMember(models.Model):
    """A member a suggestion names, why, and what the member said about it."""

    class Claim(models.TextChoices):
        UNSURE = "", _("Not said")
        MINE = "mine", _("Mine")
        NOT_MINE = "not_mine", _("Not mine")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        "people.MemberPage", on_delete=models.CASCADE, related_name="publication_suggestions"
    )
    reasons = models.JSONField(default=list)  # ["ORCID 0000-… lists this work", …]
    claim = models.CharField(max_length=10, choices=Claim.choices, default="", blank=True)

    class Meta:
        db_table = (
            "publications_suggestionmember"  # made by publications before discovery became an app
        )
        ordering = ["member__title"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "member"], name="one_row_per_member")
        ]

    def __str__(self):
        return f"{self.member} — {self.suggestion}"


class PositionSuggestion(models.Model):
    """Where an alumnus is now, as their public ORCID record says: offered to them and to
    the editors, applied to the profile only when one of them accepts it; a dismissed
    one is not offered again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    member = models.ForeignKey(
        "people.MemberPage", on_delete=models.CASCADE, related_name="position_suggestions"
    )
    position = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200)
    since = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(blank=True)
    source_id = models.CharField(max_length=40, blank=True)  # the ORCID put-code
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    found_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-found_at", "-pk"]
        verbose_name = _("suggested position of an alumnus")

    def __str__(self):
        return self.words

    @property
    def words(self):
        """ "Professor, Wesleyan University (since 1930)", as the profile would say it."""
        where = ", ".join(part for part in (self.position, self.organisation) if part)
        return f"{where} (since {self.since})" if self.since else where


class DiscoveryRun(models.Model):
    """One run of discovery: which sources answered, what they found, what it suggested."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        PARTIAL = "partial", _("Done, but a source failed")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField(max_length=40, blank=True)  # "manage.py", "schedule", "admin"
    dry_run = models.BooleanField(default=False)
    members = models.JSONField(default=list)  # the member names asked about
    sources = models.JSONField(default=dict)  # name → {"asked", "found", "errors": […]}
    counts = models.JSONField(default=dict)  # new, enrich, known, dismissed, updated
    log = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True, editable=False)  # see ImportRun

    class Meta:
        db_table = (
            "publications_discoveryrun"  # made by publications before discovery became an app
        )
        ordering = ["-started_at", "-pk"]
        verbose_name = _("publication discovery run")

    def __str__(self):
        return f"Discovery run {self.pk} ({self.get_status_display()})"

    @property
    def duration(self):
        return (self.finished_at - self.started_at) if self.finished_at else None


class CitationCount(models.Model):
    """How often a paper is cited, as OpenAlex counted it on ``read_on``. Kept beside the
    page, not in it: a count is read, not written by an editor, and needs no revision."""

    page = models.OneToOneField(
        "publications.PublicationPage", on_delete=models.CASCADE, related_name="citation_count"
    )
    count = models.PositiveIntegerField()
    read_on = models.DateField()
    source = models.CharField(max_length=40, default="OpenAlex")

    class Meta:
        db_table = (
            "publications_citationcount"  # made by publications before discovery became an app
        )
        verbose_name = _("cited-by count")

    def __str__(self):
        return f"{self.page}: cited by {self.count} ({self.source}, {self.read_on})"


class OpenAccessLocation(models.Model):
    """Where a paper is free to read, as OpenAlex said on ``read_on`` (its best open
    location): a repository (arXiv, a university's) or the publisher, with its licence.
    Kept fresh by each discovery run; gone when OpenAlex no longer knows one."""

    class Host(models.TextChoices):
        REPOSITORY = "repository", _("Repository")
        PUBLISHER = "publisher", _("Publisher")

    page = models.OneToOneField(
        "publications.PublicationPage", on_delete=models.CASCADE, related_name="open_access"
    )
    url = models.URLField(max_length=500)
    host = models.CharField(max_length=20, choices=Host.choices)
    name = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=40, blank=True)
    version = models.CharField(max_length=40, blank=True)
    read_on = models.DateField()

    class Meta:
        verbose_name = _("open-access location")

    def __str__(self):
        return f"{self.page}: free to read at {self.label()}"

    def label(self):
        """“arXiv” or “the publisher (PeerJ)”: where it is free to read."""
        if self.host == self.Host.REPOSITORY:
            return self.name or "a repository"
        return f"the publisher ({self.name})" if self.name else "the publisher"


class AuthorInstitution(models.Model):
    """An author's institution on a paper, as OpenAlex gives it (with its ROR id and
    country): what the collaboration picture groups co-authors by."""

    page = models.ForeignKey(
        "publications.PublicationPage",
        on_delete=models.CASCADE,
        related_name="author_institutions",
    )
    position = models.PositiveSmallIntegerField()  # the author's place in OpenAlex's list
    author_name = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    ror = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True)  # ISO 3166-1 alpha-2
    read_on = models.DateField()

    class Meta:
        ordering = ["page", "position", "pk"]
        verbose_name = _("author's institution")

    def __str__(self):
        return f"{self.author_name}: {self.name}"
