"""Adding many published pages under one parent in a few queries (imports, generated content).

``parent.add_child()`` costs about ten queries a page (lock the parent, find the last
child, insert two rows, count the child, index it for search, update the reference
index). For thousands of pages that is minutes; this writes the same rows in batches:

- tree positions (``path``, ``depth``) are computed the way treebeard computes them,
  after the parent's last child, with the parent row locked;
- the ``wagtailcore_page`` rows go in with one INSERT per batch, then the rows of the
  page type's own table with another;
- the pages are indexed for search with the backends' bulk ``add_bulk``, and their
  references (authors linked to members, topics, images) are recorded in Wagtail's
  reference index, as saving them one by one would.

The pages come out live and published, without a revision, like pages made by
``add_child``; the first edit in the admin starts their history. Child objects given
in ``children`` (e.g. authors) are written after the pages, with one INSERT per batch.
Call it inside a transaction.
"""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends

from .page_cache import clear_page_cache

BATCH_SIZE = 500
ANALYZE_AFTER = 1000  # pages; see _analyze()


def add_children(parent, pages, children=(), *, validate=True, index=True):
    """Insert ``pages`` (unsaved instances of one concrete page type) as the last children of
    ``parent``, published. ``children`` is a list of unsaved child objects whose
    foreign key to their page is set as an instance (``author.page = page``); they are saved
    once the pages have ids. ``validate=False`` when the caller has run ``validate_page()``
    on each page already. Returns ``pages``, saved."""
    if not pages:
        return pages
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise TypeError("add_children() takes pages of one type at a time.")

    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child() if parent.numchild else None
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    _check_slugs(parent, pages)
    now = timezone.now()
    for offset, page in enumerate(pages, start=1):
        page.depth = depth
        page.path = Page._get_path(parent.path, depth, step + offset)
        page.numchild = 0
        page.locale_id = parent.locale_id
        page.set_url_path(parent)
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or now
        page.latest_revision_created_at = None
        if validate:
            validate_page(page)

    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    rows = [
        Page(**{field.attname: getattr(page, field.attname) for field in base_fields})
        for page in pages
    ]
    Page.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for page, row in zip(pages, rows, strict=True):
        page.pk = page.id = page.page_ptr_id = row.pk
        page._state.adding = False
        page._state.db = row._state.db

    # The page type's own table: Django's bulk_create() refuses models with a parent table,
    # so the rows are inserted the way it inserts them, with this table's fields only.
    own_fields = [
        field
        for field in model._meta.local_concrete_fields
        if not isinstance(field, models.AutoField)
    ]
    for start in range(0, len(pages), BATCH_SIZE):
        model._base_manager._insert(pages[start : start + BATCH_SIZE], fields=own_fields)

    Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(pages))

    by_model = {}
    for child in children:
        for field in child._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.is_cached(child):
                related = getattr(child, field.name)
                setattr(child, field.attname, related.pk if related is not None else None)
        by_model.setdefault(type(child), []).append(child)
    for child_model, objects in by_model.items():
        child_model.objects.bulk_create(objects, batch_size=BATCH_SIZE)

    if index:
        index_pages(model, [page.pk for page in pages])
    # No save signals were sent: empty the page cache as publishing does.
    transaction.on_commit(clear_page_cache)
    if len(pages) >= ANALYZE_AFTER:
        transaction.on_commit(partial(_analyze, [Page, model, *by_model]))
    return pages


def _analyze(models_written):
    """Refresh PostgreSQL's statistics of the tables just filled. Until autovacuum gets to
    them, the planner believes the tables are as small as before, and picks plans (nested
    loops over the search index) that take seconds instead of milliseconds."""
    if connection.vendor != "postgresql":
        return
    from wagtail.search.models import IndexEntry

    tables = {model._meta.db_table for model in models_written} | {IndexEntry._meta.db_table}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _check_slugs(parent, pages):
    from django.core.exceptions import ValidationError

    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    for page in pages:
        if page.slug in taken:
            raise ValidationError(
                {"slug": f"The slug “{page.slug}” is already in use under “{parent.title}”."}
            )
        taken.add(page.slug)


def validate_page(page):
    """``full_clean()`` for a page ``add_children()`` will insert: everything but the tree
    fields, and without the query per page for the slug, which it checks for all at once."""
    page._check_slug_is_unique = _slug_checked_in_bulk
    try:
        # Uniqueness (a new translation key) and constraints are left to the database, and
        # so is the locale (the parent's): checking that it exists cost a query per page.
        page.full_clean(
            exclude=["path", "depth", "url_path", "numchild", "content_type", "locale"],
            validate_unique=False,
            validate_constraints=False,
        )
    finally:
        del page._check_slug_is_unique


def _slug_checked_in_bulk():
    pass


def index_pages(model, ids):
    """Index the pages ``ids`` of ``model`` for search and record their references, in bulk."""
    pages = list(model.objects.filter(pk__in=ids).prefetch_related(*_search_prefetches(model)))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)
    if pages and ReferenceIndex.is_indexed(model):
        _record_references(model, pages)


def _record_references(model, pages):
    """What ``ReferenceIndex.create_or_update_for_object()`` writes for a new page, for many
    pages in one INSERT per batch (new pages have no earlier records to compare with)."""
    content_type = ContentType.objects.get_for_model(model)
    base_content_type = ContentType.objects.get_for_model(Page)
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _search_prefetches(model):
    """The page's child objects (e.g. authors) and many-to-many fields (e.g. topics), which
    search fields and the reference index read."""
    children = [
        relation.get_accessor_name()
        for relation in model._meta.related_objects
        if isinstance(relation.remote_field, ParentalKey)
    ]
    many = [
        field.name
        for field in model._meta.many_to_many
        if isinstance(field, ParentalManyToManyField)
    ]
    return [*children, *many]
