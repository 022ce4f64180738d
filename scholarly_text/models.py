"""What scholarly text keeps in the database:
research topics (the labels papers, news and highlights share) and derived texts (the
conversions and formatted references every process shares). Page types written with LaTeX
take ``scholarly_text.written.WrittenWithLatex``."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class ResearchTopic(models.Model):
    """A research theme (e.g. “Sparse autoencoders”) that papers and highlights are filed under.

    A snippet, not a page: it has no page of its own, only a filter on the lists.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Part of the topic filter's web address. Leave empty to make one from the name."
        ),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        # Made by publications before the topics moved here (migration 0001): the table kept its name.
        db_table = "publications_researchtopic"
        ordering = ["name"]
        verbose_name = _("research topic")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)


class DerivedText(models.Model):
    """A text made from a paper (a formatted reference, a BibTeX entry), under the digest
    of what it was made from and the code that made it (``scholarly_text.derived``): shared
    by every process and kept across restarts. Derived data: never in backups."""

    key = models.CharField(max_length=120, primary_key=True)
    text = models.TextField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "publications_derivedtext"
        verbose_name = _("derived text")

    def __str__(self):
        return self.key
