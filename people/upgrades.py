"""How rows of people's models written by earlier versions become what they are now, for
the migration that changed them and for restoring backups made before it
(``lab_site.backup.register_upgrade``)."""


def now_at_parts(now_at):
    """The single "now at" line of earlier versions ("Research scientist at Example Labs")
    → (position, organisation); a line without " at " is the position alone."""
    position, found, organisation = (now_at or "").strip().rpartition(" at ")
    if not found or not position.strip():
        return (now_at or "").strip(), ""
    return position.strip(), organisation.strip()


def split_now_at(fields):
    """A member's fields (a row, or a revision's content) with "now_at" split into
    "now_position" and "now_organisation"."""
    if "now_at" in fields:
        position, organisation = now_at_parts(fields.pop("now_at"))
        fields.setdefault("now_position", position)
        fields.setdefault("now_organisation", organisation)
