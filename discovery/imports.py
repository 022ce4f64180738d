"""What an import brings besides the papers, treated as discovery treats it: the funding
a Crossref or OpenAlex record names is offered to the editor as a suggestion (links to
the site's grants, ``discovery.enrichments``), and what OpenAlex says of a paper (where it
is free to read, its authors' institutions) is kept."""

from django.dispatch import receiver
from django.utils import timezone

from lab_site.page_cache import clear_page_cache
from publications.importing import imported
from publications.runs import record_to_json

from .discover import keep_openalex_facts, openalex_facts
from .enrichments import enrichments
from .models import Suggestion


@receiver(imported)
def offer_what_an_import_brings(sender, written, **kwargs):
    today, kept = timezone.localdate(), False
    offered = enrichments()
    for page, record in written:
        if "institutions" in record.extra:  # a record OpenAlex wrote
            record.extra["openalex"] = openalex_facts(record)
            kept |= keep_openalex_facts(page, record, today)
        fills = {
            name: change for name, other in offered.items() if (change := other.offer(page, record))
        }
        if not fills:
            continue
        suggestion, _created = Suggestion.objects.get_or_create(
            kind=Suggestion.Kind.ENRICH,
            status=Suggestion.Status.PENDING,
            page=page,
            defaults={"title": page.title[:500]},
        )
        suggestion.fills = {**suggestion.fills, **fills}
        suggestion.record = record_to_json(record)
        suggestion.sources = [{"source": "Import", "id": record.source[:200]}]
        suggestion.save()
    if kept:
        clear_page_cache()
