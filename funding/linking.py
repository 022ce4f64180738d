"""A paper's funding, as Crossref and OpenAlex give it, offered as links to the site's
grants (``discovery.enrichments``): an award that matches a grant (same funder, same
award number, ``GrantPage.matches``) is offered as a link to it; an award the site does
not know is offered as a new grant, made as a draft for an editor to complete. An entry
that names a funder without an award number is offered only when a grant of that funder
has no number either: it is no award of its own."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from publications.importers.funding import funder_key

from .models import FundingIndexPage, GrantPage, GrantPaper, award_label


def _linked(grant, paper):
    """Whether ``grant`` (its latest version, draft or not) lists ``paper``."""
    current = grant.get_latest_revision_as_object() if grant.has_unpublished_changes else grant
    return any(link.paper_id == paper.pk for link in current.papers.all())


def _match(grants, award):
    return next((grant for grant in grants if grant.matches(award)), None)


class FundingEnrichment:
    name = "funding"
    label = _("funding")

    def offer(self, page, record):
        awards = record.extra.get("funding") or []
        if not awards:
            return None
        grants = list(GrantPage.objects.all().order_by("path"))
        entries, lines = [], []
        for award in awards:
            grant = _match(grants, award)
            if grant is not None:
                if _linked(grant, page):
                    continue
                entries.append({"award": award, "grant": grant.pk})
                lines.append(f"Link to the grant “{grant.title}” ({award_label(award)})")
            elif award.get("award"):
                entries.append({"award": award, "grant": None})
                lines.append(f"A new grant: {award_label(award)}")
        if not entries:
            return None
        # The site's grants first, then the awards it does not know.
        order = sorted(range(len(entries)), key=lambda i: entries[i]["grant"] is None)
        entries, lines = [entries[i] for i in order], [lines[i] for i in order]
        current = [grant.label() for grant in grants if _linked(grant, page)]
        return {"old": "; ".join(current), "new": "; ".join(lines), "awards": entries}

    def accept(self, page, change, user):
        """Link ``page`` to each grant of ``change`` (a new draft grant for an award the site
        does not know); True when a link was added."""
        added = False
        grants = list(GrantPage.objects.select_for_update().order_by("path"))
        for entry in change.get("awards") or []:
            award = entry["award"]
            grant = _match(grants, award)
            if grant is None:
                if not award.get("award"):
                    continue
                grant = self._new_grant(award, user)
                grants.append(grant)
            elif _linked(grant, page):
                continue
            permissions = grant.permissions_for_user(user)
            if not permissions.can_edit():
                raise PermissionDenied(f"You may not edit the grant “{grant.title}”.")
            publish = grant.live and not grant.has_unpublished_changes and permissions.can_publish()
            current = (
                grant.get_latest_revision_as_object() if grant.has_unpublished_changes else grant
            )
            current.papers = [*current.papers.all(), GrantPaper(paper=page)]
            revision = current.save_revision(user=user, log_action=True)
            if publish:
                revision.publish(user=user)
            added = True
        return added

    @staticmethod
    def _new_grant(award, user):
        index = FundingIndexPage.objects.first()
        if index is None:
            raise ValueError(
                f"“{award_label(award)}” is a grant the site does not list, and there is no "
                "Funding page to add it to: add a Funding page under the home page first."
            )
        if not index.permissions_for_user(user).can_add_subpage():
            raise PermissionDenied("You may not add grants to the Funding page.")
        keys = award.get("funder_ids") or []
        # The registries' ids before OpenAlex's own.
        funder_id = next(
            (
                key
                for prefix in ("10.13039/", "ror:", "openalex:")
                for key in keys
                if key.startswith(prefix)
            ),
            "",
        )
        if funder_id.startswith("ror:"):
            funder_id = f"https://ror.org/{funder_id[4:]}"
        elif funder_id.startswith("openalex:"):
            funder_id = f"https://openalex.org/{funder_id[9:]}"
        grant = GrantPage(
            title=f"{award.get('funder') or 'Grant'} award {award['award']}"[:255],
            funder_name=(award.get("funder") or "Unknown funder")[:200],
            funder_id=funder_id if funder_key(funder_id) else "",
            award_number=award["award"][:100],
            live=False,
        )
        index.add_child(instance=grant)
        return grant
