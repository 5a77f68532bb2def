"""The demo book is valid ProseMirror, consistently tagged, and its markup builders behave."""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from prosemirror.model import Node, Schema
from prosemirror.model.schema import SchemaSpec

from cbook.demo import content, prose
from cbook.demo.content import AUDIENCES, BOOK, PRINCIPLES, STAFF_USERS, TRIO_USERS, TRIOS
from cbook.demo.handouts import HANDOUTS
from cbook.demo.library import RESOURCES
from cbook.demo.people import TRANSLATOR_USERS
from cbook.demo.prose import callout, doc, h, hr, inline, ol, p, quote, settle, ul
from cbook.library.models import ResourceKind

REPO = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO / "cbook" / "editor" / "schema.json"
SCHEMA_SPEC: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

# The schema's node and mark names are plain strings here, not a Literal union.
PMSchema = Schema[str, str]

SECTIONS = [section for chapter in BOOK["chapters"] for section in chapter["sections"]]
SECTION_IDS = [section["slug"] for section in SECTIONS]
PRINCIPLE_SLUGS = {principle["slug"] for principle in PRINCIPLES}
AUDIENCE_SLUGS = {audience["slug"] for audience in AUDIENCES}


@pytest.fixture(scope="module")
def schema() -> PMSchema:
    """The editor's schema, loaded exactly as the app loads it."""
    return Schema(cast("SchemaSpec[str, str]", SCHEMA_SPEC))


INLINE_NODES = {name for name, spec in SCHEMA_SPEC["nodes"].items()
                if spec.get("group") == "inline"}


def blocks(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every block node below the doc (not text, citations or breaks), in document order."""
    for child in node.get("content", ()):
        if child["type"] not in INLINE_NODES:
            yield child
        yield from blocks(child)


def texts(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every text node in a document."""
    for child in node.get("content", ()):
        if child["type"] == "text":
            yield child
        yield from texts(child)


def plain(node: dict[str, Any]) -> str:
    """A document's words, for counting."""
    return " ".join(text["text"] for text in texts(node))


def valid(schema: PMSchema, document: dict[str, Any]) -> Node:
    """Parse and check a document, raising if the schema rejects it."""
    node = Node.from_json(schema, document)
    node.check()
    return node


# --- The demo book -------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_section_doc_is_valid_against_the_editor_schema(
    schema: PMSchema, section: dict[str, Any]
) -> None:
    node = valid(schema, section["doc"])
    # Round-tripping must not lose anything the builders wrote (attrs, marks, content).
    assert node.to_json() == Node.from_json(schema, node.to_json()).to_json()


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_block_ids_are_present_and_unique_within_the_doc(section: dict[str, Any]) -> None:
    ids = [block["attrs"]["id"] for block in blocks(section["doc"])]
    assert all(isinstance(block_id, str) and block_id for block_id in ids)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_every_block_carries_its_full_attrs(section: dict[str, Any]) -> None:
    for block in blocks(section["doc"]):
        expected = set(SCHEMA_SPEC["nodes"][block["type"]].get("attrs", {}))
        assert set(block["attrs"]) == expected, block["type"]


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_tags_refer_to_known_principles_and_audiences(section: dict[str, Any]) -> None:
    assert 1 <= len(section["principles"]) <= 3
    assert 1 <= len(section["audiences"]) <= 3
    assert set(section["principles"]) <= PRINCIPLE_SLUGS
    assert set(section["audiences"]) <= AUDIENCE_SLUGS
    for block in blocks(section["doc"]):
        assert set(block["attrs"]["principles"]) <= PRINCIPLE_SLUGS
        assert set(block["attrs"]["audiences"]) <= AUDIENCE_SLUGS


@pytest.mark.parametrize("section", SECTIONS, ids=SECTION_IDS)
def test_section_length_and_links_suit_a_readable_page(section: dict[str, Any]) -> None:
    assert 150 <= len(plain(section["doc"]).split()) <= 450
    for text in texts(section["doc"]):
        assert text["text"]
        for mark in text.get("marks", ()):
            if mark["type"] == "link":
                assert mark["attrs"]["href"].startswith("https://")


def test_every_principle_and_audience_is_tagged_on_some_passage() -> None:
    tagged_principles: set[str] = set()
    tagged_audiences: set[str] = set()
    for section in SECTIONS:
        for block in blocks(section["doc"]):
            tagged_principles.update(block["attrs"]["principles"])
            tagged_audiences.update(block["attrs"]["audiences"])
    # Principle and audience pages list tagged passages, so none should come up empty.
    assert tagged_principles == PRINCIPLE_SLUGS
    assert tagged_audiences == AUDIENCE_SLUGS


def test_book_has_enough_sections_in_each_status() -> None:
    statuses = [section["status"] for section in SECTIONS]
    assert len(SECTIONS) >= 10
    assert set(statuses) <= {"draft", "in_review", "published"}
    assert "draft" in statuses
    assert "published" in statuses
    assert "in_review" in statuses


def test_section_and_chapter_slugs_are_unique() -> None:
    assert len(SECTION_IDS) == len(set(SECTION_IDS))
    chapter_slugs = [chapter["slug"] for chapter in BOOK["chapters"]]
    assert len(chapter_slugs) == len(set(chapter_slugs))


def test_barrier_sections_pair_each_barrier_with_an_enabler() -> None:
    chapter = next(c for c in BOOK["chapters"] if c["slug"] == "barriers-and-enablers")
    paired = 0
    for section in chapter["sections"]:
        kinds = {b["attrs"]["kind"] for b in blocks(section["doc"]) if b["type"] == "callout"}
        paired += {"barrier", "enabler"} <= kinds
    assert paired >= 3


def test_taxonomy_slugs_are_unique() -> None:
    assert len(PRINCIPLE_SLUGS) == len(PRINCIPLES) == 5
    assert sorted(AUDIENCE_SLUGS) == ["board-members", "community-leaders", "public", "trio-leads"]


def test_there_is_one_staff_user_per_role_and_no_duplicate_emails() -> None:
    roles = sorted(user["role"] for user in STAFF_USERS)
    assert roles == ["admin", "author", "coordinator", "editor", "reader"]
    emails = [user["email"] for user in [*STAFF_USERS, *TRIO_USERS, *TRANSLATOR_USERS]]
    assert len(emails) == len(set(emails))
    assert all(user["role"] == "author" for user in TRIO_USERS)


def test_trio_people_exist_as_authors() -> None:
    authors = {u["email"] for u in [*STAFF_USERS, *TRIO_USERS] if u["role"] == "author"}
    assert TRIOS[0]["lead"] == "author@example.org"
    seen: list[str] = []
    for trio in TRIOS:
        people = [trio["lead"], *trio["members"]]
        assert len(people) == 3
        assert set(people) <= authors
        seen.extend(people)
    # Nobody sits in two trios, so each chapter has an unambiguous set of owners.
    assert len(seen) == len(set(seen))


def test_chapters_belong_to_known_trios() -> None:
    trio_slugs = {trio["slug"] for trio in TRIOS}
    owners = [chapter["trio"] for chapter in BOOK["chapters"]]
    assert {owner for owner in owners if owner is not None} <= trio_slugs
    assert sum(owner is not None for owner in owners) > len(owners) // 2


def test_the_demo_library_has_varied_tagged_resources_without_outside_links() -> None:
    assert len(RESOURCES) >= 10
    kinds = {resource["kind"] for resource in RESOURCES}
    assert len(kinds) >= 5 and kinds <= {kind.value for kind in ResourceKind}
    assert len({resource["title"] for resource in RESOURCES}) == len(RESOURCES)
    for resource in RESOURCES:
        assert 1 <= len(resource["principles"]) <= 3
        assert set(resource["principles"]) <= PRINCIPLE_SLUGS
        assert 1 <= len(resource["audiences"]) <= 3
        assert set(resource["audiences"]) <= AUDIENCE_SLUGS
        assert resource["tags"]
        # The programme's own material: links stay on its own (reserved, example.org)
        # site, never on a real third party's.
        assert resource["url"] == "" or resource["url"].startswith(
            "https://pushingwhatmoves.example.org/")
    assert len({resource["key"] for resource in RESOURCES}) == len(RESOURCES)


def test_every_demo_resource_can_be_opened_and_the_book_cites_several() -> None:
    with_files = {handout["resource"] for handout in HANDOUTS}
    assert len(with_files) == len(HANDOUTS) >= 4
    assert {h["format"] for h in HANDOUTS} == {"pdf", "docx"}
    # Every resource has a link to follow or a file to download.
    assert all(resource["url"] or resource["key"] in with_files for resource in RESOURCES)
    keys = {resource["key"] for resource in RESOURCES}
    cited = {(section["slug"], child["attrs"]["resource"])
             for section in SECTIONS if section["status"] == "published"
             for child in inline_nodes(section["doc"]) if child["type"] == "resource_ref"}
    assert {key for _, key in cited} <= keys
    assert len({slug for slug, _ in cited}) >= 5 and len({key for _, key in cited}) >= 4


def inline_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every inline node of a document."""
    for child in node.get("content", ()):
        if child["type"] in INLINE_NODES:
            yield child
        yield from inline_nodes(child)


DEMO_DIR = Path(content.__file__).parent
# The demo data modules: the assembled book, its shapes, taxonomy, people and every chapter.
DATA_MODULES = {
    "cbook.demo.content": DEMO_DIR / "content.py",
    "cbook.demo.shapes": DEMO_DIR / "shapes.py",
    "cbook.demo.taxonomy": DEMO_DIR / "taxonomy.py",
    "cbook.demo.people": DEMO_DIR / "people.py",
    "cbook.demo.library": DEMO_DIR / "library.py",
    "cbook.demo.translations_text": DEMO_DIR / "translations_text.py",
    "cbook.demo.chapters": DEMO_DIR / "chapters" / "__init__.py",
    **{
        f"cbook.demo.chapters.{path.stem}": path
        for path in sorted((DEMO_DIR / "chapters").glob("*.py"))
        if path.name != "__init__.py"
    },
}


@pytest.mark.parametrize("module", sorted(DATA_MODULES))
def test_demo_data_modules_only_import_typing_prose_shapes_and_each_other(module: str) -> None:
    tree = ast.parse(DATA_MODULES[module].read_text(encoding="utf-8"))
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not any(isinstance(node, ast.Import) for node in ast.walk(tree))
    assert all(node.level == 0 and node.module is not None for node in imports)
    modules = {node.module for node in imports}
    assert modules <= {"typing", "cbook.demo.prose", "cbook.demo.shapes", *DATA_MODULES}


def test_every_chapter_module_is_in_the_book() -> None:
    chapter_modules = [name for name in DATA_MODULES if name.startswith("cbook.demo.chapters.")]
    chapters = [importlib.import_module(name).CHAPTER for name in chapter_modules]
    assert len(chapters) == len(BOOK["chapters"]) == 6
    assert all(any(c is chapter for c in BOOK["chapters"]) for chapter in chapters)


# --- Inline markup -------------------------------------------------------------------


def marks_of(node: dict[str, Any]) -> list[str]:
    """The mark type names on one text node."""
    return [mark["type"] for mark in node.get("marks", ())]


def test_markup_yields_em_and_link_marks() -> None:
    paragraph = settle(p("a *b* [c](https://x.org)"))
    assert paragraph["content"] == [
        {"type": "text", "text": "a "},
        {"type": "text", "text": "b", "marks": [{"type": "em"}]},
        {"type": "text", "text": " "},
        {
            "type": "text",
            "text": "c",
            "marks": [{"type": "link", "attrs": {"href": "https://x.org", "title": None}}],
        },
    ]


def test_strong_and_code() -> None:
    nodes = inline("**bold** then `x = *y*`")
    assert [(n["text"], marks_of(n)) for n in nodes] == [
        ("bold", ["strong"]),
        (" then ", []),
        ("x = *y*", ["code"]),  # code is literal: markup inside it is not parsed
    ]


def test_nested_marks_come_out_in_schema_order(schema: PMSchema) -> None:
    nodes = inline("*a **b** c* and [**go** on](https://example.org)")
    assert [(n["text"], marks_of(n)) for n in nodes] == [
        ("a ", ["em"]),
        ("b", ["em", "strong"]),
        (" c", ["em"]),
        (" and ", []),
        ("go", ["link", "strong"]),
        (" on", ["link"]),
    ]
    valid(schema, settle(doc(p("*a **b** c* and [**go** on](https://example.org)"))))


def test_triple_asterisks_close_em_before_strong() -> None:
    nodes = inline("**bold *and em***")
    assert [(n["text"], marks_of(n)) for n in nodes] == [
        ("bold ", ["strong"]),
        ("and em", ["em", "strong"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "un *balanced",
        "un **balanced",
        "a ` lone backtick",
        "``",
        "**",
        "****",
        "2 * 3 * 4",
        "[label without url]",
        "[label](not a url)",
        "[label](",
    ],
)
def test_unbalanced_or_empty_markers_stay_literal(text: str) -> None:
    assert inline(text) == [{"type": "text", "text": text}]


def test_markup_follows_commonmark_where_a_span_half_closes() -> None:
    # Pandoc reads the texts as CommonMark: a closer longer than its opener closes it, and
    # a link with no words is no text at all (never an empty text node).
    assert inline("half *open**") == [{"type": "text", "text": "half "},
                                      {"type": "text", "text": "open", "marks": [{"type": "em"}]},
                                      {"type": "text", "text": "*"}]
    assert inline("[](https://x.org)") == []


def test_a_resource_link_becomes_a_citation_and_a_whole_book_settles_in_one_go() -> None:
    assert inline("see [the guide](resource:guide) now") == [
        {"type": "text", "text": "see "},
        {"type": "resource_ref", "attrs": {"resource": "guide", "title": "the guide"}},
        {"type": "text", "text": " now"}]
    built = doc(p("*one*"), callout("tool", "T", p("two")), key="k")
    assert built["content"][0]["content"][0]["type"] != "text"  # not converted yet
    assert settle(built) is built
    assert built["content"][1]["content"][0]["content"] == [{"type": "text", "text": "two"}]


def test_backslash_escapes_markers() -> None:
    assert inline(r"not \*em\* nor \`code\`") == [{"type": "text", "text": "not *em* nor `code`"}]


def test_empty_text_never_makes_an_empty_text_node(schema: PMSchema) -> None:
    assert inline("") == []
    empty = p("")
    assert "content" not in empty
    valid(schema, settle(doc(empty)))


# --- Block builders ------------------------------------------------------------------


def test_builders_produce_a_valid_document_with_stable_ids(schema: PMSchema) -> None:
    def build() -> dict[str, Any]:
        return doc(
            h(2, "Title"),
            p("Body", principles=["real-work"], audiences=["public"]),
            quote(p("Quoted")),
            callout("tool", "Steps", ol("one", "two", order=3), p("after")),
            ul("plain", [p("with a nested list"), ul("inner")]),
            hr(),
            key="demo-key",
        )

    first = settle(build())
    valid(schema, first)
    assert first == settle(build())
    ids = [block["attrs"]["id"] for block in blocks(first)]
    assert ids[0] == hashlib.sha1(b"demo-key:0", usedforsecurity=False).hexdigest()[:10]
    assert ids == [prose.block_id("demo-key", n) for n in range(len(ids))]
    attrs = [block["attrs"] for block in blocks(first)]
    assert attrs[0]["level"] == 2
    assert attrs[1]["principles"] == ["real-work"]
    assert attrs[1]["audiences"] == ["public"]


def test_doc_does_not_share_ids_between_reused_blocks() -> None:
    shared = p("reused")
    first = doc(shared, key="one")
    second = doc(shared, key="two")
    assert shared["attrs"]["id"] is None
    assert first["content"][0]["attrs"]["id"] != second["content"][0]["attrs"]["id"]


@pytest.mark.parametrize("level", [1, 5])
def test_heading_rejects_levels_outside_two_to_four(level: int) -> None:
    with pytest.raises(ValueError, match="heading level"):
        h(level, "x")


def test_callout_rejects_unknown_kinds_and_disallowed_children() -> None:
    with pytest.raises(ValueError, match="unknown callout kind"):
        callout("warning", "x", p("y"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot contain"):
        callout("tool", "x", h(2, "no headings in callouts"))
    with pytest.raises(ValueError, match="at least one block"):
        callout("tool", "x")


def test_lists_and_docs_reject_empty_content() -> None:
    with pytest.raises(ValueError, match="at least one item"):
        ul()
    with pytest.raises(ValueError, match="start with a paragraph"):
        ol([ul("nested first")])
    with pytest.raises(ValueError, match="at least one block"):
        doc()
