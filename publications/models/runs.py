"""Imports of many papers, run in the background."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One import of many papers, run as a background task (``publications.tasks``): what
    to import, how far it got, and what came of it. Editors follow it in the admin."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed: nothing was imported")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("from"), max_length=200, blank=True)
    records = models.JSONField(_("entries to import"), default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    # One line per entry that was not imported, with its reason ("entry “x” (line 3): it
    # has no year."): those the file could not give and those the site could not store.
    not_imported = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    # The process running it ("host:pid:start", lab_site.workers): a run whose process
    # ended without finishing it is marked failed (``fail_abandoned``).
    worker = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("publication import")

    def __str__(self):
        return f"Import {self.pk} ({self.get_status_display()})"
