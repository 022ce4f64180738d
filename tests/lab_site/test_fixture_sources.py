"""Every fixture written by others names where it comes from: a row of its folder's
SOURCES file with the file's name, its repository (owner/name) and the commit (40 hex
digits) it was taken at. (A script beside them that wrote a file from real entries is ours,
and the file's row names what it was written from.)"""

import re
from pathlib import Path

import pytest

FILES = Path(__file__).resolve().parents[1] / "files"
FOLDERS = [FILES / "real", FILES / "discovery" / "real", FILES / "schemaorg"]
ROW = re.compile(r"^\|\s*([^|]+?)\s*\|.*\|\s*[\w.-]+/[\w.-]+[^|]*\|.*\b[0-9a-f]{40}\b", re.M)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: str(folder.relative_to(FILES)))
def test_each_file_has_its_source(folder):
    named = set(ROW.findall((folder / "SOURCES").read_text()))
    files = {
        path.name
        for path in folder.iterdir()
        if path.is_file() and path.name != "SOURCES" and path.suffix != ".py"
    }
    assert files and files <= named, sorted(files - named)
