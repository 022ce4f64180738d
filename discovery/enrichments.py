"""What discovery offers to add to a paper besides its own fields: things kept in other
apps (the funding app's grants), offered through the ``HOOK`` so that discovery imports
none of them. A registered function returns an object with:

- ``name``: the key of its change in a suggestion's ``fills`` (e.g. "funding");
- ``label``: how the review screen names it ("funding");
- ``offer(page, record)``: the change to offer for the work ``record`` on ``page``
  ({"old": …, "new": …, …} as JSON: the review screen shows "old" and "new"), or None
  when there is nothing to add;
- ``accept(page, change, user)``: carry it out (a revision of what it changes); True when
  something was added, False when it was already there. Raises ``PermissionDenied`` or
  ``ValueError`` (with a message for the editor) when it cannot.
"""

from wagtail import hooks

HOOK = "register_discovery_enrichment"


def enrichments():
    """{name: enrichment} of every registered enrichment."""
    found = {}
    for make in hooks.get_hooks(HOOK):
        enrichment = make()
        found[enrichment.name] = enrichment
    return found
