"""What a member (someone whose only role is editing their own profile) may do.

One copy of the rules, used by the admin's menus and choosers and, where data is
written, by the member page's form and its revisions.
"""

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_relations
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from lab_site.groups import MEMBERS

# The permission that guards the fields only editors may change on a profile.
MANAGE_MEMBERS = "people.manage_member_details"
# Role, dates, address (slug) and login account: editors' business, on every path.
EDITOR_ONLY_FIELDS = ("role", "start_date", "end_date", "slug", "user")


def is_member_only(user):
    """A signed-in member whose only role on the site is editing their own profile."""
    if user.is_superuser:
        return False
    names = {group.name for group in user.groups.all()}
    return names <= {MEMBERS}


def images_member_may_use(user):
    """The images a member may choose for their profile: the ones they uploaded."""
    return get_image_model().objects.filter(uploaded_by_user=user)


def may_manage_members(user):
    return user is not None and user.is_authenticated and user.has_perm(MANAGE_MEMBERS)


# --- files a member may put on what they write -------------------------------------------

FILES_REFUSED = _(
    "You can only use images and documents you uploaded yourself. Choose the image or "
    "document again, then “Upload”, to add your own."
)


def _file_kind(model):
    """ "image" or "document" for the site's image and document models, else None."""
    if model is None:
        return None
    if issubclass(model, get_image_model()):
        return "image"
    if issubclass(model, get_document_model()):
        return "document"
    return None


def files_of(instance):
    """{(kind, id)} of every image and document ``instance`` uses: its own fields
    (foreign keys), its blocks and rich text (each field's ``extract_references``, the
    API Wagtail's reference index reads), and the same of its inline children."""
    found = set()
    if instance is None:
        return found
    for field in instance._meta.get_fields():
        if field.is_relation and field.many_to_one and field.concrete:
            kind = _file_kind(field.related_model)
            value = field.value_from_object(instance)
            if kind and value is not None:
                found.add((kind, str(value)))
        if hasattr(field, "extract_references") and getattr(field, "concrete", False):
            value = field.value_from_object(instance)
            if value is None:
                continue
            for model, pk, _model_path, _content_path in field.extract_references(value):
                kind = _file_kind(model)
                if kind and pk not in (None, ""):
                    found.add((kind, str(pk)))
    for relation in get_all_child_relations(instance):
        for child in getattr(instance, relation.get_accessor_name()).all():
            found |= files_of(child)
    return found


def own_files(user):
    """{(kind, id)} of the images and documents ``user`` uploaded."""
    images = get_image_model().objects.filter(uploaded_by_user=user).values_list("pk", flat=True)
    documents = get_document_model().objects.filter(uploaded_by_user=user)
    return {("image", str(pk)) for pk in images} | {
        ("document", str(pk)) for pk in documents.values_list("pk", flat=True)
    }


def refused_files(user, page, current):
    """The images and documents ``page`` uses that ``user``, a member, may not put there:
    not uploaded by them, and not already on ``current`` (the page as it stands, or None
    for a new page; an editor may have put them there). Empty for editors."""
    if user is None or not user.is_authenticated or not is_member_only(user):
        return set()
    added = files_of(page) - files_of(current)
    return added - own_files(user) if added else set()


def latest_version(page):
    """``page`` as its latest revision has it (as saved, with none), or None if new."""
    if not page.pk:
        return None
    saved = type(page).objects.filter(pk=page.pk).first()
    return saved.get_latest_revision_as_object() if saved is not None else None


def check_files(user, page, current):
    """Refuse a revision that puts others' images or documents on ``page``: forms, reverts,
    copies and workflow actions all save revisions."""
    if refused_files(user, page, current):
        raise PermissionDenied(str(FILES_REFUSED))


class OwnFilesFormMixin:
    """For the admin form of a page type members write: refuses images and documents a
    member did not upload, in any field, block, rich text or inline item, with a message
    for the member (``check_files`` refuses them again where the revision is saved)."""

    def is_valid(self):
        valid = super().is_valid()
        user = self.for_user
        if not valid or user is None or not is_member_only(user):
            return valid
        page = self.save(commit=False)
        refused = refused_files(user, page, latest_version(page))
        if refused:
            self.add_error(None, FILES_REFUSED)
            self._forget_chosen(page, refused)
            return False
        return valid

    def _forget_chosen(self, page, refused):
        """The form shown again does not show what was refused (its title, its preview):
        an image or document field holding one is emptied."""
        data = self.data.copy()
        for name in self.fields:
            try:
                field = page._meta.get_field(name)
            except FieldDoesNotExist:  # a form field that is no model field
                continue
            kind = _file_kind(getattr(field, "related_model", None)) if field.is_relation else None
            value = data.get(self.add_prefix(name))
            if kind and value and (kind, str(value)) in refused:
                data[self.add_prefix(name)] = ""
        self.data = data
