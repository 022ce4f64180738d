"""The time zones an editor chooses from: the current ones, by place.

Python knows about 600 names, a third of them aliases kept for old data ("US/Eastern",
"GB", "Etc/GMT+5" — whose sign is the reverse of what it says). The IANA database lists
the zones in use by country and city (``zone.tab``); those, with UTC, are the list. An
alias met in older content is read as the zone it stands for (``tzdata.zi`` links).
"""

import functools
from importlib import resources

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


def _tzdata(name):
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


@functools.cache
def time_zones():
    """The current zones, sorted: "Africa/Abidjan" … "Pacific/Wallis", and "UTC"."""
    names = {
        line.split("\t")[2]
        for line in _tzdata("zone.tab").splitlines()
        if line and not line.startswith("#")
    }
    return tuple(sorted(names | {"UTC"}))


@functools.cache
def _links():
    links = {}
    for line in _tzdata("tzdata.zi").splitlines():
        if line.startswith("L "):
            _l, target, alias = line.split()[:3]
            links[alias] = target
    return links


def current_name(name):
    """``name`` as one of ``time_zones()`` ("US/Eastern" → "America/New_York"), or None
    when it names no zone."""
    listed, links = set(time_zones()), _links()
    seen = set()
    while name not in listed and name in links and name not in seen:
        seen.add(name)
        name = links[name]
    if name in listed:
        return name
    if name in UTC_NAMES:
        return "UTC"
    return None


# Names of the zero offset that the IANA database keeps apart from "UTC".
UTC_NAMES = {"Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "Etc/Greenwich"}


def choices():
    """(value, label) pairs for a form: "America/New_York" shown as "America/New York"."""
    return [(name, name.replace("_", " ")) for name in time_zones()]


class TimeZoneFormField(forms.TypedChoiceField):
    """The form's side: an older name ("US/Eastern") is shown as the zone it stands for,
    and a name outside the list is refused with what to do."""

    default_error_messages = {
        "invalid_choice": _(
            "“%(value)s” is not a time zone: type the city or region (e.g. “Oslo”) and "
            "choose from the list."
        )
    }

    def prepare_value(self, value):
        return current_name(value) or value if value else value


class TimeZoneField(models.CharField):
    """A time zone chosen from ``time_zones()``, typed with suggestions in the admin
    (``SearchableSelect``): events' zones and the group's own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs["choices"] = choices()
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)  # the list is the tz database's, not the migration's
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        from .widgets import SearchableSelect

        kwargs.setdefault("choices_form_class", TimeZoneFormField)
        kwargs.setdefault("widget", SearchableSelect(choices()))
        return super().formfield(**kwargs)
