"""Three-way merges of section text: what merges cleanly, what conflicts, how it resolves."""

from __future__ import annotations

from typing import Any

import pytest

from cbook.editor.documents import normalise_document, parse_document
from cbook.errors import InvalidInput
from cbook.review.merge import MergeResult, block_plain_text, merge_documents


def para(block_id: str | None, *runs: str | tuple[str, str], **tags: list[str]) -> dict[str, Any]:
    """A paragraph; a (text, mark) tuple is a marked run."""
    content = []
    for run in runs:
        if isinstance(run, tuple):
            content.append({"type": "text", "text": run[0], "marks": [{"type": run[1]}]})
        else:
            content.append({"type": "text", "text": run})
    node: dict[str, Any] = {"type": "paragraph",
                            "attrs": {"id": block_id, "principles": tags.get("principles", []),
                                      "audiences": tags.get("audiences", [])}}
    if content:
        node["content"] = content
    return node


def doc(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"type": "doc", "content": list(blocks)}


def texts(result: MergeResult) -> list[str]:
    return [block_plain_text(block) for block in result.doc["content"]]


def merged(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
           resolutions: dict[str, Any] | None = None) -> MergeResult:
    result = merge_documents(base, ours, theirs, resolutions)
    parse_document(result.doc)
    return result


BASE = doc(para("a", "First paragraph."), para("b", "Second paragraph."),
           para("c", "Third paragraph."))


def test_edits_to_different_blocks_merge_cleanly() -> None:
    ours = doc(para("a", "First paragraph, edited here."), BASE["content"][1], BASE["content"][2])
    theirs = doc(BASE["content"][0], BASE["content"][1], para("c", "Third, edited there."))
    result = merged(BASE, ours, theirs)
    assert result.clean
    assert texts(result) == ["First paragraph, edited here.", "Second paragraph.",
                             "Third, edited there."]
    assert result.as_json() == {"clean": True, "conflicts": [], "doc": result.doc}


def test_unchanged_proposal_gives_the_section_and_vice_versa() -> None:
    ours = doc(para("a", "Changed."), BASE["content"][2])
    assert normalise_document(merged(BASE, ours, BASE).doc) == normalise_document(ours)
    assert normalise_document(merged(BASE, BASE, ours).doc) == normalise_document(ours)


def test_edits_in_different_sentences_of_one_paragraph_merge() -> None:
    base = doc(para("p", "We listen first. We decide together. We ship often."))
    ours = doc(para("p", "We always listen first. We decide together. We ship often."))
    theirs = doc(para("p", "We listen first. We decide together. We ship small and often."))
    result = merged(base, ours, theirs)
    assert result.clean
    assert texts(result) == ["We always listen first. We decide together. We ship small and often."]


def test_same_words_edited_differently_conflict_and_keep_ours() -> None:
    base = doc(para("p", "Meetings start on time."))
    ours = doc(para("p", "Meetings start at nine."))
    theirs = doc(para("p", "Meetings start when ready."))
    result = merged(base, ours, theirs)
    assert not result.clean
    [conflict] = result.conflicts
    assert conflict.kind == "both-edited" and conflict.block_id == "p"
    assert texts(result) == ["Meetings start at nine."]
    shown = conflict.as_json()
    assert shown["text"] == {"base": "Meetings start on time.", "ours": "Meetings start at nine.",
                             "theirs": "Meetings start when ready."}
    assert shown["theirs"] == theirs["content"][0] and shown["path"] == ["p"]
    assert result.as_json()["conflicts"] == [shown]


def test_different_insertions_at_the_same_point_conflict() -> None:
    base = doc(para("p", "Trust people."))
    ours = doc(para("p", "Trust all people."))
    theirs = doc(para("p", "Trust most people."))
    assert [c.kind for c in merged(base, ours, theirs).conflicts] == ["both-edited"]


def test_the_same_edit_on_both_sides_is_not_a_conflict() -> None:
    base = doc(para("p", "Trust people and teams."))
    ours = doc(para("p", "Trust all people and teams."))
    theirs = doc(para("p", "Trust all people and all teams."))
    result = merged(base, ours, theirs)
    assert result.clean and texts(result) == ["Trust all people and all teams."]


def test_edit_against_delete_conflicts_both_ways() -> None:
    edited = doc(para("a", "First paragraph."), para("b", "Second, rewritten."),
                 para("c", "Third paragraph."))
    deleted = doc(para("a", "First paragraph."), para("c", "Third paragraph."))
    section_edited = merged(BASE, edited, deleted)
    assert [c.kind for c in section_edited.conflicts] == ["edited-and-deleted"]
    assert texts(section_edited)[1] == "Second, rewritten."
    proposal_edited = merged(BASE, deleted, edited)
    [conflict] = proposal_edited.conflicts
    assert conflict.kind == "deleted-and-edited" and conflict.ours is None
    assert conflict.as_json()["text"]["theirs"] == "Second, rewritten."
    assert texts(proposal_edited) == ["First paragraph.", "Third paragraph."]
    # Taking the proposal's side puts the block back where it stood.
    taken = merged(BASE, deleted, edited, {conflict.id: "theirs"})
    assert taken.clean and texts(taken) == ["First paragraph.", "Second, rewritten.",
                                            "Third paragraph."]


def test_unchanged_block_deleted_on_one_side_goes() -> None:
    deleted = doc(BASE["content"][0], BASE["content"][2])
    assert texts(merged(BASE, BASE, deleted)) == ["First paragraph.", "Third paragraph."]
    assert texts(merged(BASE, deleted, BASE)) == ["First paragraph.", "Third paragraph."]


@pytest.mark.parametrize(("resolution", "expected"), [
    ("ours", "Meetings start at nine."),
    ("theirs", "Meetings start when ready."),
    ({"blocks": [para("p", "Meetings start at nine, or when ready.")]},
     "Meetings start at nine, or when ready."),
])
def test_resolutions_settle_the_conflict(resolution: Any, expected: str) -> None:
    base = doc(para("x", "Intro."), para("p", "Meetings start on time."))
    ours = doc(para("x", "Intro."), para("p", "Meetings start at nine."))
    theirs = doc(para("x", "Intro, longer."), para("p", "Meetings start when ready."))
    preview = merged(base, ours, theirs)
    [conflict] = preview.conflicts
    result = merged(base, ours, theirs, {conflict.id: resolution})
    assert result.clean and result.resolved == [conflict.id]
    assert texts(result) == ["Intro, longer.", expected]


def test_resolving_with_no_blocks_deletes_and_unknown_ids_are_reported() -> None:
    base = doc(para("x", "Intro."), para("p", "Old."))
    ours = doc(para("x", "Intro."), para("p", "Ours."))
    theirs = doc(para("x", "Intro."), para("p", "Theirs."))
    [conflict] = merged(base, ours, theirs).conflicts
    result = merged(base, ours, theirs, {conflict.id: {"blocks": []}, "p:stale": "ours"})
    assert result.clean and texts(result) == ["Intro."]
    assert result.unused_resolutions == ["p:stale"]


def test_conflict_ids_are_stable_and_change_with_the_text() -> None:
    base = doc(para("p", "Old."))
    first = merged(base, doc(para("p", "Ours.")), doc(para("p", "Theirs."))).conflicts[0].id
    again = merged(base, doc(para("p", "Ours.")), doc(para("p", "Theirs."))).conflicts[0].id
    moved_on = merged(base, doc(para("p", "Ours now.")), doc(para("p", "Theirs."))).conflicts[0]
    assert first == again and first.startswith("p:")
    assert moved_on.id != first


@pytest.mark.parametrize("resolution", [
    "mine", 3, None, {"block": []}, {"blocks": "text"}, {"blocks": ["text"]},
    {"blocks": [], "extra": 1},
])
def test_malformed_resolutions_are_refused(resolution: Any) -> None:
    with pytest.raises(InvalidInput):
        merge_documents(BASE, BASE, BASE, {"p:abc": resolution})


def test_replacement_blocks_must_fit_the_schema() -> None:
    base = doc(para("p", "Old."))
    ours, theirs = doc(para("p", "Ours.")), doc(para("p", "Theirs."))
    [conflict] = merged(base, ours, theirs).conflicts
    with pytest.raises(InvalidInput):
        merge_documents(base, ours, theirs,
                        {conflict.id: {"blocks": [{"type": "list_item", "content": []}]}})


def test_tags_merge_as_sets() -> None:
    base = doc(para("p", "Text.", principles=["trust", "care"], audiences=["leads"]))
    ours = doc(para("p", "Text, edited.", principles=["trust", "care", "candour"],
                    audiences=["leads"]))
    theirs = doc(para("p", "Text.", principles=["trust", "growth"], audiences=[]))
    result = merged(base, ours, theirs)
    assert result.clean
    attrs = result.doc["content"][0]["attrs"]
    assert attrs["principles"] == ["trust", "candour", "growth"]
    assert attrs["audiences"] == []
    assert texts(result) == ["Text, edited."]


def test_other_attrs_set_differently_conflict_but_text_still_merges() -> None:
    def heading(level: int, text: str) -> dict[str, Any]:
        return {"type": "heading", "attrs": {"id": "h", "level": level},
                "content": [{"type": "text", "text": text}]}
    base = doc(heading(2, "Our ways of working"))
    ours, theirs = doc(heading(3, "Our ways of working today")), doc(heading(4, "Ways of working"))
    result = merged(base, ours, theirs)
    [conflict] = result.conflicts
    assert conflict.kind == "attrs" and conflict.attrs == ("level",)
    assert result.doc["content"][0]["attrs"]["level"] == 3
    assert texts(result) == ["Ways of working today"]
    taken = merged(base, ours, theirs, {conflict.id: "theirs"})
    assert taken.doc["content"][0]["attrs"]["level"] == 4
    assert texts(taken) == ["Ways of working today"]


def test_additions_on_both_sides_are_kept_in_place_ours_first() -> None:
    ours = doc(BASE["content"][0], para("o1", "Ours after a."), BASE["content"][1],
               BASE["content"][2], para("o2", "Ours at the end."))
    theirs = doc(para("t0", "Theirs at the start."), BASE["content"][0],
                 para("t1", "Theirs after a."), BASE["content"][1], BASE["content"][2])
    result = merged(BASE, ours, theirs)
    assert result.clean
    assert [b["attrs"]["id"] for b in result.doc["content"]] == ["t0", "a", "o1", "t1", "b", "c",
                                                                "o2"]


def test_a_reorder_on_one_side_is_kept_with_the_other_sides_edits() -> None:
    theirs = doc(BASE["content"][2], BASE["content"][0], BASE["content"][1])
    ours = doc(para("a", "First, edited."), para("n", "New after the first."),
               BASE["content"][1], BASE["content"][2])
    result = merged(BASE, ours, theirs)
    assert result.clean
    assert texts(result) == ["Third paragraph.", "First, edited.", "New after the first.",
                             "Second paragraph."]


def bullet_list(*items: tuple[str, str]) -> dict[str, Any]:
    return {"type": "bullet_list", "attrs": {"id": "list"}, "content": [
        {"type": "list_item", "attrs": {"id": item_id},
         "content": [para(f"{item_id}-p", text)]} for item_id, text in items]}


def test_list_items_edited_on_different_sides_merge() -> None:
    base = doc(bullet_list(("i1", "Listen."), ("i2", "Decide."), ("i3", "Act.")))
    ours = doc(bullet_list(("i1", "Listen well."), ("i2", "Decide."), ("i3", "Act.")))
    theirs = doc(bullet_list(("i1", "Listen."), ("i2", "Decide."), ("i3", "Act."),
                             ("i4", "Reflect.")))
    result = merged(base, ours, theirs)
    assert result.clean
    assert texts(result) == ["Listen well.\nDecide.\nAct.\nReflect."]


def test_a_list_emptied_from_both_sides_is_a_structure_conflict() -> None:
    base = doc(para("x", "Intro."), bullet_list(("i1", "Listen."), ("i2", "Decide.")))
    ours = doc(para("x", "Intro."), bullet_list(("i1", "Listen.")))
    theirs = doc(para("x", "Intro."), bullet_list(("i2", "Decide.")))
    result = merged(base, ours, theirs)
    assert [c.kind for c in result.conflicts] == ["structure"]
    assert texts(result) == ["Intro.", "Listen."]


def test_nested_conflict_names_its_path() -> None:
    base = doc(bullet_list(("i1", "Listen."), ("i2", "Decide.")))
    ours = doc(bullet_list(("i1", "Listen closely."), ("i2", "Decide.")))
    theirs = doc(bullet_list(("i1", "Listen briefly."), ("i2", "Decide now.")))
    result = merged(base, ours, theirs)
    [conflict] = result.conflicts
    assert conflict.path == ("list", "i1", "i1-p") and conflict.block_id == "i1-p"
    assert texts(result) == ["Listen closely.\nDecide now."]


def test_blocks_without_ids_merge_without_losing_edits() -> None:
    base = doc(para(None, "One."), para(None, "Two."), para(None, "Three."))
    ours = doc(para(None, "One, edited."), para(None, "Two."), para(None, "Three."))
    theirs = doc(para(None, "Zero."), para(None, "One."), para(None, "Two."),
                 para(None, "Three, edited."))
    result = merged(base, ours, theirs)
    assert result.clean
    assert texts(result) == ["Zero.", "One, edited.", "Two.", "Three, edited."]


def test_duplicate_ids_do_not_crash_or_lose_text() -> None:
    base = doc(para("d", "Same id."), para("d", "Same id again."))
    ours = doc(para("d", "Same id."), para("d", "Same id again, edited."))
    theirs = doc(para("d", "Same id, edited."), para("d", "Same id again."))
    result = merged(base, ours, theirs)
    assert result.clean
    assert texts(result) == ["Same id, edited.", "Same id again, edited."]


def test_marks_survive_a_merge() -> None:
    base = doc(para("p", "Be kind and be clear."))
    ours = doc(para("p", "Be ", ("kind", "strong"), " and be clear."))
    theirs = doc(para("p", "Be kind and be very clear."))
    result = merged(base, ours, theirs)
    assert result.clean
    assert result.doc["content"][0]["content"] == [
        {"type": "text", "text": "Be "},
        {"type": "text", "text": "kind", "marks": [{"type": "strong"}]},
        {"type": "text", "text": " and be very clear."},
    ]


def test_hard_breaks_and_images_merge() -> None:
    image = {"type": "image", "attrs": {"id": "img", "src": "/a.png", "alt": "A"}}
    base = doc(para("p", "Line one"), image)
    ours = doc({**para("p", "Line one"), "content": [
        {"type": "text", "text": "Line one"}, {"type": "hard_break"},
        {"type": "text", "text": "line two"}]}, image)
    theirs = doc(para("p", "Line 1"), {**image, "attrs": {**image["attrs"], "alt": "B"}})
    result = merged(base, ours, theirs)
    assert result.clean
    assert texts(result) == ["Line 1\nline two", "[image: B]"]
    # Different text at the very same point is a conflict, even a hard break.
    clash = merged(base, ours, doc(para("p", "Line one!"), image))
    assert [c.kind for c in clash.conflicts] == ["both-edited"]


def test_every_block_deleted_between_the_sides_leaves_an_empty_paragraph() -> None:
    base = doc(para("a", "A."), para("b", "B."))
    result = merged(base, doc(para("b", "B.")), doc(para("a", "A.")))
    assert result.clean and texts(result) == [""]


def test_blocks_added_with_the_same_id_on_both_sides_conflict() -> None:
    result = merged(BASE, doc(*BASE["content"], para("n", "Ours.")),
                    doc(*BASE["content"], para("n", "Theirs.")))
    assert [c.kind for c in result.conflicts] == ["both-added"]
    assert texts(result)[-1] == "Ours."


def test_documents_missing_default_attrs_compare_equal() -> None:
    bare = {"type": "doc", "content": [{"type": "paragraph", "attrs": {"id": "a"},
                                        "content": [{"type": "text", "text": "A."}]}]}
    full = normalise_document(bare)
    result = merged(full, bare, doc(para("a", "A, edited.")))
    assert result.clean and texts(result) == ["A, edited."]


def test_a_document_that_is_not_a_doc_is_refused() -> None:
    with pytest.raises(InvalidInput):
        merge_documents(BASE, {"type": "paragraph"}, BASE)


def callout(title: str, *blocks: dict[str, Any]) -> dict[str, Any]:
    return {"type": "callout", "attrs": {"id": "co", "kind": "tool", "title": title},
            "content": list(blocks)}


def test_a_container_attr_clash_keeps_the_merged_children() -> None:
    base = doc(callout("Try this", para("c1", "Ask."), para("c2", "Wait.")))
    ours = doc(callout("Try this first", para("c1", "Ask often."), para("c2", "Wait.")))
    theirs = doc(callout("Also try", para("c1", "Ask."), para("c2", "Wait a bit.")))
    result = merged(base, ours, theirs)
    [conflict] = result.conflicts
    assert conflict.kind == "attrs" and conflict.attrs == ("title",)
    assert texts(result) == ["Ask often.\nWait a bit."]
    taken = merged(base, ours, theirs, {conflict.id: "theirs"})
    assert taken.clean and taken.doc["content"][0]["attrs"]["title"] == "Also try"
    assert texts(taken) == ["Ask often.\nWait a bit."]


def test_table_cells_edited_on_different_sides_merge() -> None:
    def table(first: str, second: str) -> dict[str, Any]:
        cells = [{"type": "table_cell", "attrs": {"id": f"cell{n}"},
                  "content": [para(f"cp{n}", text)]} for n, text in ((1, first), (2, second))]
        return {"type": "table", "attrs": {"id": "t"},
                "content": [{"type": "table_row", "attrs": {"id": "r"}, "content": cells}]}
    result = merged(doc(table("Who", "What")), doc(table("Who leads", "What")),
                    doc(table("Who", "What matters")))
    assert result.clean and texts(result) == ["Who leads\nWhat matters"]


def test_a_bad_replacement_inside_a_container_is_refused() -> None:
    base = doc(bullet_list(("i1", "Listen."), ("i2", "Decide.")))
    ours = doc(bullet_list(("i1", "Listen closely."), ("i2", "Decide.")))
    theirs = doc(bullet_list(("i1", "Listen briefly."), ("i2", "Decide.")))
    [conflict] = merged(base, ours, theirs).conflicts
    with pytest.raises(InvalidInput):
        merge_documents(base, ours, theirs, {conflict.id: {"blocks": [
            {"type": "bullet_list", "content": [{"type": "list_item", "content": []}]}]}})
