"""Step types the browser's prosemirror-transform sends that prosemirror-py lacks.

``markSet`` (prosemirror-transform >= 1.12) bundles add/remove-mark steps; browsers send
it when undo inverts a mark change. It is registered here rather than pinning an older
client, and behaves like the JavaScript original: apply the inner steps in order, map
nothing, map and invert step by step, never merge.
"""

from __future__ import annotations

from typing import Any

from prosemirror.model import Node, Schema
from prosemirror.transform import AddMarkStep, RemoveMarkStep, Step, StepMap, StepResult
from prosemirror.transform.map import Mappable
from prosemirror.transform.step import step_json_id
from prosemirror.utils import JSONDict

MarkStep = AddMarkStep | RemoveMarkStep


class MarkSetStep(Step):
    """Several add/remove-mark steps applied as one."""

    def __init__(self, steps: list[MarkStep]) -> None:
        super().__init__()
        self.steps = steps

    def apply(self, doc: Node) -> StepResult:
        """Apply the inner steps in order, failing at the first that fails."""
        for step in self.steps:
            result = step.apply(doc)
            if result.failed or result.doc is None:
                return result
            doc = result.doc
        return StepResult.ok(doc)

    def get_map(self) -> StepMap:
        """Marks move no content."""
        return StepMap.empty

    def invert(self, doc: Node) -> Step:
        """Each inner step inverted against the same document."""
        return MarkSetStep([step.invert(doc) for step in self.steps])  # type: ignore[misc]

    def map(self, mapping: Mappable) -> Step | None:
        """Each inner step mapped; gone when every one is."""
        mapped = [m for m in (step.map(mapping) for step in self.steps) if m is not None]
        return MarkSetStep(mapped) if mapped else None  # type: ignore[arg-type]

    def merge(self, other: Step) -> Step | None:
        """Never merges."""
        return None

    def to_json(self) -> JSONDict:
        """The step as the browser sends it."""
        return {"stepType": "markSet", "steps": [step.to_json() for step in self.steps]}

    @staticmethod
    def from_json(schema: Schema[Any, Any], json_data: JSONDict | str) -> MarkSetStep:
        """Parse, accepting only addMark and removeMark inside."""
        if not isinstance(json_data, dict) or not isinstance(json_data.get("steps"), list):
            raise ValueError("invalid input for MarkSetStep.fromJSON")
        steps: list[MarkStep] = []
        for inner in json_data["steps"]:
            step = Step.from_json(schema, inner)
            if not isinstance(step, AddMarkStep | RemoveMarkStep):
                raise ValueError("a markSet holds only addMark and removeMark steps")
            steps.append(step)
        return MarkSetStep(steps)


step_json_id("markSet", MarkSetStep)
