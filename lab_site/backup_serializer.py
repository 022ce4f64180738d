"""The backup's JSON format: Django's, with natural keys for content types and permissions
only.

Content types and permissions are renumbered when a database is made anew, so a backup
names them (``["people", "memberpage"]``). Every other row keeps its id: a restore empties
the tables first, so ids are free, and an id also survives what a natural key does not. A
page's log entries keep the id of a page that was deleted since (on purpose: the history
stays), and a revision keeps the id of a user who left; looking up their natural keys
(a page's URL path, a user name) fails for rows that are gone, and would stop every backup
after the first deletion.
"""

from contextlib import contextmanager

from django.core.serializers.json import Deserializer  # noqa: F401 - the format's reader
from django.core.serializers.json import Serializer as JSONSerializer

NAMED_BY_NATURAL_KEY = {"contenttypes.contenttype", "auth.permission"}


def named_by_natural_key(model):
    return model._meta.label_lower in NAMED_BY_NATURAL_KEY


class Serializer(JSONSerializer):
    """Writes references to content types and permissions by natural key, others by id;
    leaves out (empty) the fields a model names in ``backup_excluded_fields``: secrets a
    backup file must not carry, asked for again after a restore."""

    def get_dump_object(self, obj):
        data = super().get_dump_object(obj)
        for name in getattr(obj, "backup_excluded_fields", ()):
            if name in data["fields"]:
                data["fields"][name] = obj._meta.get_field(name).get_default()
        return data

    def handle_fk_field(self, obj, field):
        with self._natural_keys_for(field.remote_field.model):
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        with self._natural_keys_for(field.remote_field.model):
            super().handle_m2m_field(obj, field)

    @contextmanager
    def _natural_keys_for(self, model):
        """``use_natural_foreign_keys`` (Serializer.serialize's own attribute) for one field."""
        asked = self.use_natural_foreign_keys
        self.use_natural_foreign_keys = asked and named_by_natural_key(model)
        try:
            yield
        finally:
            self.use_natural_foreign_keys = asked
