"""Reading a public page's query string: one validated form per page, never an error page.

A visitor (or a crawler, or an attacker) can put anything in a query string: NUL
bytes, control characters, digits of other scripts ("²" passes ``str.isdigit()`` and
fails ``int()``), numbers with thirty digits, the same key twice. Pages read their
parameters through a ``PublicQueryForm``: a value that does not validate is dropped,
as if it were absent, and its message is kept for the page to show.
"""

import unicodedata

from django import forms

from .text import words


def without_control_characters(text):
    """``text`` without control, format, surrogate, private-use or unassigned characters."""
    return "".join(char for char in text if unicodedata.category(char)[0] != "C")


def search_terms(text):
    """The words of a visitor's search, for the search backend: letters and digits only.

    Quotes, brackets and operators are search syntax on some backends (an unbalanced
    ``"`` is an error in SQLite's full-text search), so only the words are passed on.
    """
    return words(text)


class QueryTextField(forms.CharField):
    """Free text typed by a visitor: control characters removed, white space collapsed,
    cut to ``max_length`` (a long search is shortened rather than refused)."""

    def __init__(self, *, max_length=200, **kwargs):
        self.cut_at = max_length
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        text = without_control_characters(super().to_python(value))
        return " ".join(text.split())[: self.cut_at]


class PageNumberField(forms.IntegerField):
    """``?page=N``: a whole number from 1; anything else means the first page."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, max_value=10**9, **kwargs)


class PublicQueryForm(forms.Form):
    """A page's query string, validated. Invalid values are dropped, never an error.

    ``values()`` gives every field: its cleaned value, or its empty value when the
    visitor's value did not validate (``errors`` says which); ``raw(name)`` what the
    visitor sent, for a message about it.
    """

    def __init__(self, query):
        super().__init__(data=query)

    def values(self):
        self.is_valid()
        return {
            name: self.cleaned_data[name] if name in self.cleaned_data else field.clean(None)
            for name, field in self.fields.items()
        }

    def raw(self, name):
        """What the visitor sent for ``name``, printable (for a message about it)."""
        return without_control_characters(str(self.data.get(name, "")))[:80]
