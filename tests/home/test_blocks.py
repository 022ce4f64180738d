"""StreamField blocks: the validation editors see when they fill them in."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks import HomePageBlocks
from lab_site.blocks import LinkBlock

pytestmark = pytest.mark.django_db


def clean(**value):
    block = LinkBlock()
    return block.clean(block.to_python({"label": "Write to us", **value}))


def test_a_link_with_one_target_is_accepted():
    assert clean(email="lab@example.org")["email"] == "lab@example.org"


def test_a_link_without_a_target_says_where_to_choose_one():
    with pytest.raises(StructBlockValidationError) as error:
        clean()

    assert "Choose where the link goes" in str(error.value.block_errors["page"])


def test_a_link_with_two_targets_names_both_fields():
    with pytest.raises(StructBlockValidationError) as error:
        clean(url="https://example.org", email="lab@example.org")

    assert set(error.value.block_errors) == {"url", "email"}
    assert "only one" in str(error.value.block_errors["url"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(HomePageBlocks.base_blocks))
def test_every_home_page_block_renders_its_admin_preview(name, home_page, rf):
    """The block chooser previews each block with its preview value and no page around it,
    on a site with no content yet: a section that hides while empty says so."""
    block = HomePageBlocks.base_blocks[name]
    value = block.get_preview_value()
    context = block.get_preview_context(value, {"request": rf.get("/"), "block_def": block})

    html = block.render(value, context=context)

    assert html.strip()
