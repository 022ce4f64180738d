"""A backup made before "now at" became position and organisation restores with them, in
the member's row and in each revision of the profile."""

import json

from lab_site.backup import upgrade_records


def test_an_old_backups_now_at_is_split_in_rows_and_revisions(tmp_path):
    data = tmp_path / "data.json"
    data.write_text(
        json.dumps(
            [
                {
                    "model": "people.memberpage",
                    "pk": 7,
                    "fields": {"role": "phd", "now_at": "Research scientist at Example Labs"},
                },
                {
                    "model": "wagtailcore.revision",
                    "pk": 1,
                    "fields": {
                        "content_type": ["people", "memberpage"],
                        "object_id": "7",
                        "content": {"title": "Old Friend", "now_at": "Professor at Oslo"},
                    },
                },
                {
                    "model": "wagtailcore.revision",
                    "pk": 2,
                    "fields": {
                        "content_type": ["news", "newspage"],
                        "content": {"title": "A story", "now_at": "untouched"},
                    },
                },
            ]
        )
    )

    upgrade_records(data)

    member, revision, other = json.loads(data.read_text())
    assert member["fields"] == {
        "role": "phd",
        "now_position": "Research scientist",
        "now_organisation": "Example Labs",
    }
    assert revision["fields"]["content"] == {
        "title": "Old Friend",
        "now_position": "Professor",
        "now_organisation": "Oslo",
    }
    assert other["fields"]["content"]["now_at"] == "untouched"  # another model's field
