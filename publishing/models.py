"""Where the static copy of the site is kept, and how its last publish went."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaticCopy(models.Model):
    """A folder holding the static copy (``publish_static`` makes one), kept up to date as
    pages are published: ``state`` is what the last publish wrote, each address with its
    file and the addresses it links to, so that a change re-renders only what shows it."""

    folder = models.CharField(_("folder"), max_length=500, unique=True)
    base_url = models.URLField(_("served at"), max_length=500)
    state = models.JSONField(default=dict, blank=True, editable=False)
    storage = models.CharField(
        _("also stored in"),
        max_length=100,
        blank=True,
        help_text=_("A storage of the settings (e.g. static_copy, an S3 bucket)."),
    )
    git_remote = models.CharField(_("also pushed to (git remote)"), max_length=500, blank=True)
    # The user name and token given in the remote's address ("user:token"), kept apart
    # from it: git gets them through a credential helper, never on its command line, and
    # backups leave them out (``backup_excluded_fields``): a restored site asks again.
    git_credentials = models.CharField(max_length=1000, blank=True, editable=False)
    git_branch = models.CharField(_("git branch"), max_length=200, default="gh-pages")
    # {file: sha256} of what the storage holds, so that a publish uploads only what changed.
    uploaded = models.JSONField(default=dict, blank=True, editable=False)
    last_started_at = models.DateTimeField(_("last publish started"), null=True, blank=True)
    last_duration = models.FloatField(_("seconds it took"), null=True, blank=True)
    last_kind = models.CharField(_("what it did"), max_length=200, blank=True)
    last_error = models.TextField(_("what went wrong"), blank=True)
    last_pushed = models.TextField(_("where it went"), blank=True)

    backup_excluded_fields = ("git_credentials",)

    class Meta:
        verbose_name = _("static copy")
        verbose_name_plural = _("static copies")

    def __str__(self):
        return f"{self.base_url} ({self.folder})"

    @property
    def targets(self):
        """Where the copy goes besides its folder, in words (credentials hidden)."""
        from .deploy import targets_of

        return [str(target) for target in targets_of(self)]
