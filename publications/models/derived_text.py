"""Texts made from papers, kept for every process."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DerivedText(models.Model):
    """A text made from a paper (a formatted reference, a BibTeX entry), under the digest
    of what it was made from and the code that made it (``publications.derived``): shared
    by every process and kept across restarts. Derived data: never in backups."""

    key = models.CharField(max_length=120, primary_key=True)
    text = models.TextField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("derived text")

    def __str__(self):
        return self.key


# Discovery's models live in their own module; imported here so that Django finds them.
