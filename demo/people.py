"""Demo content for people: the people page and the group's members, from members.toml."""

from pathlib import Path

from django.utils.text import slugify

from people.models import MemberPage, PeopleIndexPage, Role

from .loader import default_site, publish, read_toml

DATA = Path(__file__).resolve().parent / "data" / "members.toml"


class PeopleLoader:
    """The people page under the home page, with one member page per member, in order."""

    label = "people page and members"

    def __init__(self, data=None):
        self.data = data if data is not None else read_toml(DATA)
        for member in self.data["members"]:
            if member["role"] not in Role.values:
                raise ValueError(
                    f"members.toml: {member['name']} has the unknown role {member['role']!r}; "
                    f"use one of {', '.join(Role.values)}."
                )

    def index(self):
        home = default_site().root_page
        return PeopleIndexPage.objects.child_of(home).first()

    def current(self):
        index = self.index()
        if index is None:
            return None
        members = MemberPage.objects.child_of(index).order_by("path").values_list("title", "role")
        return {"title": index.title, "slug": index.slug, "members": list(members)}

    def desired(self):
        page = self.data["people_page"]
        return {
            "title": page["title"],
            "slug": page["slug"],
            "members": [(member["name"], member["role"]) for member in self.data["members"]],
        }

    def load(self):
        page = self.data["people_page"]
        index = self.index()
        if index is None:
            home = default_site().root_page
            index = home.add_child(
                instance=PeopleIndexPage(title=page["title"], slug=page["slug"], show_in_menus=True)
            )
        else:
            index.title = page["title"]
            index.slug = page["slug"]
        publish(index)

        existing = {member.slug: member for member in MemberPage.objects.child_of(index)}
        for entry in self.data["members"]:
            slug = slugify(entry["name"])
            member = existing.get(slug)
            if member is None:
                member = index.add_child(
                    instance=MemberPage(title=entry["name"], slug=slug, role=entry["role"])
                )
            else:
                member.title = entry["name"]
                member.role = entry["role"]
            publish(member)
