"""A section added to the home page starts with its heading filled in ("Latest news"), so
that a page saved as a draft with it also publishes: the heading is required, and an
empty one used to fail only on Publish."""

import pytest

from home.blocks import HomePageBlocks
from lab_site.blocks import ListingBlock

LISTINGS = {
    name: block
    for name, block in HomePageBlocks().child_blocks.items()
    if isinstance(block, ListingBlock)
}


def test_every_listing_section_is_covered():
    assert set(LISTINGS) == {
        "members",
        "highlights",
        "publications",
        "selected_publications",
        "news",
        "events",
        "openings",
        "projects",
        "awards",
        "photos",
    }


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_a_new_section_starts_with_a_heading_that_passes_validation(name):
    block = LISTINGS[name]

    value = block.get_default()

    assert value["heading"].strip()
    assert value["heading"] == block.meta.preview_value["heading"]
    block.clean(value)  # what Publish asks of it: no "This field is required"
    # What the admin sends the browser for a new block of this kind (StreamBlock's
    # definition of its children's defaults).
    assert block.get_form_state(block.get_default())["heading"] == value["heading"]
