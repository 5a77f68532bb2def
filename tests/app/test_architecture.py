"""The layering holds: import-linter's contracts (pyproject.toml) and no import cycle.

A maintainer who adds an upward import (a foundation importing a feature, a service
importing Flask, one page importing another's view) gets a failure that names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter import configuration
from importlinter.application.app_config import settings
from importlinter.application.use_cases import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def _lint(capsys: pytest.CaptureFixture[str], plant: tuple[str, str] | None = None
          ) -> tuple[bool, str]:
    """Check the project's contracts (optionally with one extra import planted in the
    graph): whether all are kept, and import-linter's report."""
    configuration.configure()
    builder = settings.GRAPH_BUILDER

    class PlantingBuilder:
        def build(self, *args: Any, **kwargs: Any) -> grimp.ImportGraph:
            graph = builder.build(*args, **kwargs)
            if plant is not None:
                graph.add_import(importer=plant[0], imported=plant[1])
            return graph

    settings.configure(GRAPH_BUILDER=PlantingBuilder())
    try:
        capsys.readouterr()
        kept = lint_imports(str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True)
        return kept, capsys.readouterr().out
    finally:
        settings.configure(GRAPH_BUILDER=builder)


def test_every_layering_contract_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    kept, report = _lint(capsys)
    assert kept, report


@pytest.mark.parametrize(("importer", "imported", "contract"), [
    ("cbook.db", "cbook.books.models", "Foundations and the web plumbing import no feature"),
    ("cbook.web.page_cache", "cbook.books.queries",
     "Foundations and the web plumbing import no feature"),
    ("cbook.books.service", "cbook.app", "Only the entry points import the composition root"),
    ("cbook.books.service", "flask",
     "Models, queries and services know nothing of Flask or the HTTP edge"),
    ("cbook.books.models", "cbook.books.service",
     "Inside each feature: views over forms over services over queries over models"),
    ("cbook.api.books", "cbook.books.views",
     "Views and API handlers never import a views module"),
    ("cbook.review.views", "cbook.books.views",
     "No feature's views import another feature's views"),
])
def test_an_upward_import_breaks_its_contract(capsys: pytest.CaptureFixture[str],
                                              importer: str, imported: str,
                                              contract: str) -> None:
    kept, report = _lint(capsys, plant=(importer, imported))
    assert not kept
    assert f"{contract} BROKEN" in report
    assert f"{importer} -> {imported}" in report


def _cycles(graph: grimp.ImportGraph) -> Iterator[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    modules = sorted(graph.modules)
    counter = 0
    for start in modules:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph.modules:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        yield sorted(component)


def _module_graph() -> grimp.ImportGraph:
    return grimp.build_graph("cbook", exclude_type_checking_imports=True, cache_dir=None)


def test_no_module_imports_itself_round_a_cycle() -> None:
    assert list(_cycles(_module_graph())) == []


def test_the_cycle_check_finds_a_planted_cycle() -> None:
    graph = _module_graph()
    graph.add_import(importer="cbook.db", imported="cbook.books.models")
    assert any({"cbook.db", "cbook.books.models"} <= set(cycle) for cycle in _cycles(graph))
