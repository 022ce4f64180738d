"""Derived texts are keyed by the code that makes them: once Django has loaded the apps,
the digest covers the LaTeX conversions and the modules that format references, so a
change to any of them makes new keys (and ``warm_exports`` never forgets current ones)."""

from pathlib import Path

from publications import authors, citations, exports
from scholarly_text import derived, latex, latex_text, mathml


def test_the_code_digest_covers_every_module_that_makes_derived_texts():
    makers = {Path(module.__file__) for module in (latex, latex_text, mathml)}
    makers |= {Path(module.__file__) for module in (citations, exports, authors)}
    assert makers <= derived._MAKERS


def test_a_change_to_a_maker_makes_a_new_digest(tmp_path):
    before = derived.code_digest()
    changed = tmp_path / "maker.py"
    changed.write_text("# a new way of formatting\n")
    derived.made_by(changed)
    try:
        assert derived.code_digest() != before
    finally:
        derived._MAKERS.discard(changed)
        derived._digests.clear()
    assert derived.code_digest() == before
