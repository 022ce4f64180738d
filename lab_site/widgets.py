"""Form widgets of the admin."""

from django import forms
from django.utils.html import format_html, format_html_join
from wagtail.admin.rich_text import DraftailRichTextArea


class SearchableSelect(forms.TextInput):
    """A choice among many, typed with suggestions (an HTML ``<datalist>``): part of a
    name finds it ("oslo" → "Europe/Oslo"), which a plain drop-down of hundreds cannot.
    The form field still accepts only the choices."""

    def __init__(self, choices, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.choices = list(choices)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-choices"
        attrs["list"] = list_id
        field = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((key, label) for key, label in self.choices)
        )
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


class PromptDraftailRichTextArea(DraftailRichTextArea):
    """Wagtail's rich-text editor (Draftail), writing what is typed into the form at once.

    Draftail copies its text into the form a quarter of a second after the last keystroke
    (its ``stateSaveInterval``): "Save draft" or Ctrl+S sooner sent the form without the
    last words. With 0 the copy is made as soon as the keystroke is handled. The editor
    of every rich-text field (``WAGTAILADMIN_RICH_TEXT_EDITORS``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options["stateSaveInterval"] = 0
