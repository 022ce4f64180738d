"""The forms of the review queue: a new paper as it will be created (editable), and the
filters of the list."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from lab_site.forms import PageNumberField
from publications.identifiers import ARXIV_FIELD_PATTERN, DOI_FIELD_PATTERN
from publications.models import PublicationType

from .models import Suggestion

NO_NUL = [ProhibitNullCharactersValidator()]


class NewPaperForm(forms.Form):
    """What accepting creates; an editor may correct it first."""

    title = forms.CharField(label=_("Title"), max_length=255, validators=NO_NUL)
    authors = forms.CharField(
        label=_("Authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=NO_NUL,
        help_text=_("One per line, in the paper's order. Members are linked automatically."),
    )
    authors_cut = forms.BooleanField(
        label=_("The author list is cut short (shown as “et al.”)"), required=False
    )
    publication_date = forms.DateField(label=_("Publication date"), help_text=_("e.g. 2024-05-30"))
    publication_type = forms.ChoiceField(label=_("Type"), choices=PublicationType.choices)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False, validators=NO_NUL)
    doi = forms.CharField(
        label=_("DOI"),
        max_length=200,
        required=False,
        validators=[
            RegexValidator(DOI_FIELD_PATTERN, _("A DOI looks like 10.1103/PhysRevE.100.033311."))
        ],
    )
    arxiv_id = forms.CharField(
        label=_("arXiv id"),
        max_length=40,
        required=False,
        validators=[RegexValidator(ARXIV_FIELD_PATTERN, _("An arXiv id looks like 2301.01234."))],
    )
    pdf_url = forms.URLField(label=_("PDF"), required=False, assume_scheme="https")
    code_url = forms.URLField(label=_("Code"), required=False, assume_scheme="https")
    abstract = forms.CharField(
        label=_("Abstract"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=NO_NUL,
        help_text=_("Math between $…$ is shown as formulas."),
    )

    @classmethod
    def for_record(cls, record, data=None):
        initial = {name: getattr(record, name) for name in cls.base_fields if name != "authors"}
        initial["authors"] = "\n".join(record.authors)
        return cls(data, initial=initial)

    def clean_authors(self):
        names = [line.strip() for line in self.cleaned_data["authors"].splitlines()]
        names = [name for name in names if name]
        if not names:
            raise forms.ValidationError(_("Give at least one author."))
        return names

    def changes(self, record):
        """The fields the editor changed, as record fields."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value != getattr(record, name)
        }


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("pending", _("Waiting for review")),
            ("accepted", _("Accepted")),
            ("dismissed", _("Dismissed")),
            ("all", _("All")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *Suggestion.Kind.choices]
    )
    works = forms.ChoiceField(
        label=_("Works"),
        required=False,
        choices=[
            ("", _("Papers")),
            ("outside", _("Papers from outside members' time")),
            ("outputs", _("Other outputs")),
            ("all", _("All")),
        ],
        help_text=_(
            "Papers published before a member joined or after they left, and data sets, "
            "software, reviews or posters, are listed apart."
        ),
    )
    p = PageNumberField()
