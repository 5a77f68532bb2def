// Run by tests/editor/test_schema_identity.py: reads {"spec": ..., "docs": [...]} on stdin, builds
// the editor's Schema from the spec with src/schema.js (what the bundle runs), and prints
// how that schema understands it: every node and mark type as compiled, what each node
// type fills itself with, and each document parsed, checked and written back as JSON. The
// Python side builds the same description with prosemirror-py and compares.
import { readFileSync } from "node:fs";
import { Node as PMNode } from "prosemirror-model";
import { buildSchema, CALLOUT_KINDS } from "../src/schema.js";

const { spec, docs } = JSON.parse(readFileSync(0, "utf8"));
const schema = buildSchema(spec);

function attrsOf(type) {
  return Object.entries(type.attrs).map(([name, attr]) => (
    attr.hasDefault ? [name, { default: attr.default }] : [name, {}]));
}

const nodes = Object.values(schema.nodes).map((type) => ({
  name: type.name,
  groups: type.groups,
  content: type.spec.content || "",
  isBlock: type.isBlock,
  isInline: type.isInline,
  isTextblock: !!type.isTextblock,
  isLeaf: type.isLeaf,
  isAtom: type.isAtom,
  attrs: attrsOf(type),
  marks: type.markSet === null ? null : type.markSet.map((mark) => mark.name),
  // The structural spec keys, as the editor's schema kept them from the served spec.
  spec: Object.fromEntries(["defining", "isolating", "tableRole", "selectable", "draggable", "code", "whitespace"]
    .filter((key) => type.spec[key] !== undefined).map((key) => [key, type.spec[key]])),
  filled: type.isText || type.hasRequiredAttrs() ? null : (type.createAndFill()?.toJSON() ?? null),
  rendered: typeof type.spec.toDOM === "function",
}));

const marks = Object.values(schema.marks).map((type) => ({
  name: type.name,
  rank: type.rank,
  attrs: attrsOf(type),
  excludes: type.excluded.map((other) => other.name),
  inclusive: type.spec.inclusive ?? null,
  rendered: typeof type.spec.toDOM === "function",
}));

const parsed = docs.map((json) => {
  try {
    const doc = PMNode.fromJSON(schema, json);
    doc.check();
    return { ok: doc.toJSON() };
  } catch (error) {
    return { error: String(error.message || error) };
  }
});

process.stdout.write(JSON.stringify({
  topNode: schema.topNodeType.name, nodes, marks, docs: parsed, calloutKinds: CALLOUT_KINDS,
}));
