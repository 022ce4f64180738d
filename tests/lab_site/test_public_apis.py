"""The project uses Wagtail, Django, treebeard and modelcluster through their public APIs
only: no attribute whose name those libraries keep private (a leading underscore) is read,
assigned or called anywhere in the project, by dot or by ``getattr`` and friends.

Django's documented ``_meta``, ``_default_manager`` and ``_base_manager`` are public
despite their names. Private names are collected from the libraries' own source, so
a project helper that merely shares a private name with one of them counts too:
rename it rather than risk the confusion.
"""

import ast
import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = [
    "lab_site",
    "people",
    "publications",
    "research",
    "news",
    "events",
    "openings",
    "projects",
    "home",
    "search",
    "demo",
    "bench",
]
LIBRARIES = ["django", "wagtail", "treebeard", "modelcluster"]
DOCUMENTED = {"_meta", "_default_manager", "_base_manager"}
ATTRIBUTE_FUNCTIONS = {"getattr", "setattr", "hasattr", "delattr"}


def is_private(name):
    return name.startswith("_") and not name.startswith("__") and name not in DOCUMENTED


def library_sources():
    for library in LIBRARIES:
        folder = Path(importlib.import_module(library).__file__).parent
        for path in folder.rglob("*.py"):
            yield path.read_text(encoding="utf-8", errors="replace")


def defined_by_libraries(names):
    """Those of ``names`` that the libraries define: as a function, method or class, or as
    an attribute they assign (``self._x = …``, ``_x = …``). Read as text, which is quick."""
    names = set(names)
    if not names:
        return set()
    alternatives = "|".join(re.escape(name) for name in sorted(names))
    definition = re.compile(
        rf"(?:\bdef |\bclass |\.|^\s*)({alternatives})\b\s*(?:\(|=(?!=)|:)", re.M
    )
    found = set()
    for text in library_sources():
        found.update(definition.findall(text))
    return found


def project_files():
    for package in PROJECT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def private_uses(path):
    """(line, name) of each private attribute ``path`` reads, assigns or calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ATTRIBUTE_FUNCTIONS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name = node.args[1].value
        if name and is_private(name):
            yield node.lineno, name


def test_the_check_knows_the_private_names_it_looks_for():
    # A few that earlier versions of this project used, one from each library, and one that
    # none of them defines.
    known = {"_find_for_request", "_get_raw_host", "_str2int", "_state", "_get_path"}
    assert defined_by_libraries(known | {"_lab_site_helper"}) == known


def test_the_check_finds_a_private_use(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "site = Site._find_for_request(request)\n"
        "setattr(request, '_wagtail_site', site)\n"
        "opts = Page._meta\n"
    )
    assert sorted(private_uses(sample)) == [(1, "_find_for_request"), (2, "_wagtail_site")]


def test_no_project_module_uses_a_private_api_of_wagtail_django_treebeard_or_modelcluster():
    uses = [
        (path.relative_to(ROOT), line, name)
        for path in project_files()
        for line, name in private_uses(path)
    ]
    private = defined_by_libraries(name for _path, _line, name in uses)
    found = [f"{path}:{line}: {name}" for path, line, name in uses if name in private]
    assert found == [], "Private APIs used:\n" + "\n".join(found)
