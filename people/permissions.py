"""What a member (someone whose only role is editing their own profile) may do.

One copy of the rules, used by the admin's menus and choosers and, where data is
written, by the member page's form and its revisions.
"""

from wagtail.images import get_image_model

from lab_site.groups import MEMBERS

# The permission that guards the fields only editors may change on a profile.
MANAGE_MEMBERS = "people.manage_member_details"
# Role, dates, address (slug) and login account: editors' business, on every path.
EDITOR_ONLY_FIELDS = ("role", "start_date", "end_date", "slug", "user")
# Image fields of a profile; a member may put only their own images there.
IMAGE_FIELDS = ("photo", "social_image")


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


def refused_images(user, chosen, current):
    """Of ``chosen`` ({image field: image id}), the fields that hold an image ``user`` may
    not use and that ``current`` (the profile as it stands) does not hold already."""
    changed = {
        name: pk
        for name, pk in chosen.items()
        if pk is not None and pk != getattr(current, f"{name}_id")
    }
    allowed = set(
        images_member_may_use(user).filter(pk__in=changed.values()).values_list("pk", flat=True)
    )
    return [name for name, pk in changed.items() if pk not in allowed]
