#!/usr/bin/env python3
"""No import cycle between sitecare modules.

Builds the import graph with grimp (import-linter's own graph library) and looks for
strongly connected groups of modules: any group of two or more modules that reach each
other is a cycle. Prints the figure; exits 1 naming each cycle (as a chain of imports).
Imports under ``if TYPE_CHECKING:`` are left out (they never run); imports inside functions
count (a lazy import hides a cycle, it does not remove it). Importing ``a.b.c`` runs the
``__init__`` of ``a.b`` first, so each import also counts as one of the packages around the
imported module (those around the importer itself excepted: they are already running).
"""

from __future__ import annotations

import sys

import grimp

PACKAGE = "sitecare"


def _with_packages(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    """Add the imports of the packages around each imported module; return those added."""
    added = set()
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            parts = imported.split(".")
            for n in range(1, len(parts)):
                package = ".".join(parts[:n])
                if importer == package or importer.startswith(package + "."):
                    continue
                if not graph.direct_import_exists(importer=importer, imported=package):
                    graph.add_import(importer=importer, imported=package)
                    added.add((importer, package))
    return added


def _strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm over the module graph (iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def _chain(graph: grimp.ImportGraph, group: list[str], implied: set[tuple[str, str]]) -> str:
    """One cycle inside the group, as ``a:line -> b:line -> a`` (the line of each import)."""
    start = group[0]
    back = graph.find_shortest_chain(importer=group[1], imported=start) or (group[1], start)
    there = graph.find_shortest_chain(importer=start, imported=group[1]) or (start, group[1])
    path = list(there) + list(back[1:])
    steps = []
    for importer, imported in zip(path, path[1:], strict=False):
        details = graph.get_import_details(importer=importer, imported=imported)
        if (importer, imported) in implied:
            line = " (importing a module of)"
        else:
            line = f":{details[0]['line_number']}" if details else ""
        steps.append(f"{importer}{line}")
    return " -> ".join([*steps, path[-1]])


def main() -> int:
    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True, cache_dir=None)
    implied = _with_packages(graph)
    groups = _strongly_connected(graph)
    print(f"import cycles: {len(groups)} (modules: {len(graph.modules)})")
    for group in groups:
        print(f"cycle among {len(group)} modules: {', '.join(group)}")
        print(f"  for example: {_chain(graph, group, implied)}")
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main())
