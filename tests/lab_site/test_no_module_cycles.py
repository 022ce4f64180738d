"""No module of the project imports another that imports it back, directly or through
others, function-level imports included (grimp reads every import in a module, as
import-linter does): each module can be read, tested and moved on its own."""

from pathlib import Path

import grimp
from django.conf import settings


def project_apps():
    """The project's own apps (those in its folder), as the settings install them."""
    from django.apps import apps

    base = Path(settings.BASE_DIR).resolve()
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    ]


def cycles(graph):
    """The groups of modules that import one another in a circle (Tarjan's algorithm)."""
    order, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return found


def test_no_module_imports_another_that_imports_it_back(monkeypatch):
    monkeypatch.syspath_prepend(str(settings.BASE_DIR))
    names = project_apps()
    assert {"publications", "people", "lab_site", "demo"} <= set(names)
    graph = grimp.build_graph(*names, cache_dir=None)
    assert cycles(graph) == []
    assert "publications.models.paper" in graph.modules  # the graph was read


def test_the_layer_contract_names_exactly_the_installed_project_apps():
    """The settings install the apps import-linter's ``root_packages`` names; each of them
    must have a layer (an app left out of the layers would escape the layer check), and
    no other app of the project's folder may be installed."""
    import tomllib

    config = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    linter = config["tool"]["importlinter"]
    in_layers = {
        name.strip()
        for contract in linter["contracts"]
        for layer in contract.get("layers", [])
        for name in layer.split("|")
    }
    installed = set(project_apps())
    assert set(linter["root_packages"]) == installed
    assert in_layers == installed
