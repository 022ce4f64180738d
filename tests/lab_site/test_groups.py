"""The groups, named once in lab_site.groups, and ``grant``, the one way migrations give
them permissions."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from lab_site.groups import EDITORS, MEMBERS, MODERATORS, grant

pytestmark = pytest.mark.django_db


def codenames(group):
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in Group.objects.get(name=group).permissions.all()
    }


def test_migrations_leave_each_group_with_the_permissions_they_grant():
    assert {
        "wagtailadmin.access_admin",
        "lab_site.change_sitesettings",
        "people.manage_member_details",
        "scholarly_text.change_researchtopic",
        "axes.delete_accessattempt",
    } <= codenames(EDITORS)
    assert codenames(MEMBERS) == {"wagtailadmin.access_admin"}
    assert Group.objects.filter(name=MODERATORS).exists()


def test_a_grant_makes_a_missing_group_and_adds_to_an_existing_one():
    grant("Reviewers", ["scholarly_text.view_researchtopic"]).code(apps, None)
    grant("Reviewers", ["scholarly_text.change_researchtopic"]).code(apps, None)

    assert codenames("Reviewers") == {
        "scholarly_text.view_researchtopic",
        "scholarly_text.change_researchtopic",
    }


def test_a_grant_of_a_permission_that_does_not_exist_names_it_and_changes_nothing():
    with pytest.raises(LookupError, match="'scholarly_text.fly_researchtopic'"):
        grant(
            "Reviewers", ["scholarly_text.view_researchtopic", "scholarly_text.fly_researchtopic"]
        ).code(apps, None)
    assert not Group.objects.filter(name="Reviewers").exists()
