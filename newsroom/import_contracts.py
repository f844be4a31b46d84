"""An import-linter contract that fails on any import cycle among the modules of a package.

import-linter's own `acyclic_siblings` contract compares packages as wholes (a subpackage is
one node), which would call the comments app's deliberate layering a cycle (comments.services
sits between two parts of comments.moderation) and would miss a cycle inside one module's
neighbours. This one looks at single modules: a cycle is a set of modules that import each
other, directly or through others, at module level or inside a function (grimp records both).

Used by `lint-imports` only (pyproject.toml, [tool.importlinter]); nothing in the site imports
this module, so production installs do not need import-linter.
"""

from __future__ import annotations

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def strongly_connected(graph: ImportGraph, modules: set[str]) -> list[list[str]]:
    """Tarjan's algorithm over the direct imports among `modules`: every group of two or more
    modules that reach each other (or one module importing itself), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    edges = {
        module: sorted(graph.find_modules_directly_imported_by(module) & modules)
        for module in modules
    }

    for start in sorted(modules):
        if start in index:
            continue
        # Iterative depth-first search: a deep import chain must not hit the recursion limit.
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges[node]:
                    groups.append(sorted(group))
    return sorted(groups)


class AcyclicModulesContract(Contract):
    """No import cycle among the modules of each listed package (all its descendants)."""

    type_name = "acyclic_modules"

    packages = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        cycles = []
        for package in self.packages:  # type: ignore[attr-defined]
            modules = {package} | graph.find_descendants(package)
            for group in strongly_connected(graph, modules):
                members = set(group)
                imports = []
                for importer in group:
                    for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                        if imported in members:
                            lines = sorted(
                                {
                                    detail["line_number"]
                                    for detail in graph.get_import_details(
                                        importer=importer, imported=imported
                                    )
                                }
                            )
                            imports.append((importer, imported, lines))
                cycles.append({"package": package, "modules": group, "imports": imports})
        return ContractCheck(kept=not cycles, metadata={"cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error(
                f"{cycle['package']}: {len(cycle['modules'])} modules import each other:",
                bold=True,
            )
            for importer, imported, lines in cycle["imports"]:
                where = ", ".join(f"l.{line}" for line in lines)
                output.indent_cursor()
                output.print_error(f"{importer} -> {imported} ({where})")
            output.new_line()
