from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

SOURCES = [
    ("bibtex", _("BibTeX (a .bib file or pasted text)")),
    ("arxiv", _("arXiv ids")),
    ("doi", _("DOIs")),
]


class ImportForm(forms.Form):
    source = forms.ChoiceField(
        label=_("What are you importing?"), choices=SOURCES, initial="bibtex"
    )
    file = forms.FileField(
        label=_("BibTeX file"),
        required=False,
        help_text=_("A .bib file exported from Google Scholar, Zotero, Overleaf…"),
    )
    text = forms.CharField(
        label=_("…or paste here"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Paste BibTeX entries, or arXiv ids / DOIs separated by spaces or new lines "
            "(e.g. 2210.01117 or 10.3390/e24060771)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Pasted text is checked by the importer, whose message names the entry that holds
        # a NUL byte; Django's own check would only say "Null characters are not allowed".
        self.fields["text"].validators = [
            validator
            for validator in self.fields["text"].validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > 5 * 1024 * 1024:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
        if not cleaned.get("text", "").strip():
            raise forms.ValidationError(_("Choose a file or paste something to import."))
        return cleaned
