// Shared by the unit tests: the editor's real Schema, built by src/schema.js from the one
// spec the server serves (cbook/editor/schema.json), and a seeded random generator.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Node as PMNode } from "prosemirror-model";
import { buildSchema } from "../src/schema.js";

export const SPEC_PATH = fileURLToPath(new URL("../../cbook/editor/schema.json", import.meta.url));
export const spec = JSON.parse(readFileSync(SPEC_PATH, "utf8"));
export const schema = buildSchema(spec);

/** A document of paragraphs, one per text ("" for an empty paragraph). */
export function docOf(...texts) {
  return PMNode.fromJSON(schema, {
    type: "doc",
    content: texts.map((text) => (text
      ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" })),
  });
}

/** A deterministic random generator (mulberry32), so a failing case can be replayed. */
export function randomFrom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (low, high) => low + Math.floor(next() * (high - low + 1)), // both ends included
    pick: (items) => items[Math.floor(next() * items.length)],
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}
