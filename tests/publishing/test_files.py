"""The parts an incremental publish is made of: what a build's requests share, and the
search index built while the files that are not pages are rendered."""

import pytest

from publishing.build import PublishError
from publishing.files import indexing_for_search, pagefind_binary


def test_the_search_index_is_built_beside_and_put_in_place_after_the_block(tmp_path):
    site = tmp_path / "site"
    (site / "paper").mkdir(parents=True)
    (site / "paper" / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Grokking</title></head>'
        "<body data-pagefind-body><h1>Grokking</h1><p>Omnigrok explains grokking.</p>"
        "</body></html>"
    )
    with indexing_for_search(site):
        (site / "export.bib").write_text("@article{a, title={Grokking}}\n")
    assert (site / "pagefind" / "pagefind-entry.json").exists()
    assert (site / "export.bib").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing left beside


def test_a_failing_indexer_is_reported_by_name(tmp_path, settings):
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'no pages to index' >&2\nexit 3\n")
    failing.chmod(0o755)
    settings.PAGEFIND_BINARY = str(failing)
    site = tmp_path / "site"
    site.mkdir()
    failed = pytest.raises(PublishError, match="Pagefind could not index the copy: no pages")
    with failed, indexing_for_search(site):
        pass
    assert not (site / "pagefind").exists()


def test_only_the_pages_named_are_indexed_and_the_folder_is_left_as_it_was(tmp_path):
    import json

    site = tmp_path / "site"
    page = '<!DOCTYPE html><html lang="en"><body data-pagefind-body><p>{}</p></body></html>'
    for path, text in [
        ("paper/index.html", "Omnigrok explains grokking."),
        ("list/year/2024/index.html", "A list state that repeats the paper."),
    ]:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(page.format(text))
    before = sorted(str(p.relative_to(site)) for p in site.rglob("*"))

    pages = ["paper/index.html", "gone/index.html", "paper/index.html"]  # twice: no harm
    with indexing_for_search(site, pages=pages):
        pass

    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1
    after = sorted(str(p.relative_to(site)) for p in site.rglob("*") if "pagefind" not in str(p))
    assert after == before and [p.name for p in tmp_path.iterdir()] == ["site"]
    assert "Omnigrok" in (site / "paper" / "index.html").read_text()  # the page is intact


def test_link_tree_holds_every_name_as_a_hard_link(tmp_path):
    """The staged copy of a folder: every file a hard link to the original (no bytes
    copied), every folder made, symbolic links kept as links (never followed)."""
    import os

    from publishing.files import link_tree

    source = tmp_path / "site"
    (source / "publications" / "omnigrok").mkdir(parents=True)
    (source / "empty").mkdir()
    (source / "index.html").write_text("home")
    (source / "publications" / "omnigrok" / "index.html").write_text("paper")
    (source / "latest").symlink_to("publications/omnigrok")
    (source / "start.html").symlink_to("index.html")
    target = tmp_path / "staging"
    target.mkdir()

    link_tree(source, target)

    def names(root):
        return sorted(
            os.path.relpath(os.path.join(folder, name), root)
            for folder, folders, files in os.walk(root)
            for name in folders + files
        )

    assert names(target) == names(source)
    for relative in ("index.html", "publications/omnigrok/index.html"):
        assert (target / relative).stat().st_ino == (source / relative).stat().st_ino
    assert (target / "latest").is_symlink() and os.readlink(target / "latest") == (
        "publications/omnigrok"
    )
    assert (target / "start.html").is_symlink()
    assert (target / "empty").is_dir()


def test_without_npm_the_python_packages_pagefind_builds_the_search(settings, tmp_path):
    """``make run`` on a machine without npm: the copy still has its search, from the
    Pagefind that the Python package ``pagefind-bin`` (a dependency) holds."""
    import subprocess

    import pagefind_bin

    settings.BASE_DIR = tmp_path  # no node_modules here
    binary = pagefind_binary()
    assert binary == str(pagefind_bin.get_executable())
    version = subprocess.run(  # noqa: S603 - the dependency's own program
        [binary, "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith("pagefind 1.")

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><body data-pagefind-body><p>grokking</p></body></html>'
    )
    with indexing_for_search(site) as counts:
        pass
    assert counts.written > 0
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
