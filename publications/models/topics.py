"""Research topics: labels papers, news and highlights share."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
)


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
        ordering = ["name"]
        verbose_name = _("research topic")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)
