// Stable block ids. Every node type with an `id` attr gets a unique one: merges, comment
// anchors and deep links key on it. Splitting a paragraph copies its attrs, so duplicates
// are normal; the later copy (in document order) gets a fresh id, the first keeps its own.
import { Plugin, PluginKey } from "prosemirror-state";
import { hasBlockAttrs } from "./schema.js";

export const blockIdsKey = new PluginKey("blockIds");
const VALID_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A fresh random id: 10 hex characters. */
export function newBlockId() {
  const bytes = new Uint8Array(5);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Set an id on every block that lacks one or repeats an earlier one; null if none needed. */
export function fixBlockIds(state) {
  const seen = new Set();
  let tr = null;
  state.doc.descendants((node, pos) => {
    if (node.isTextblock || node.isLeaf) {
      if (hasBlockAttrs(node.type)) check(node, pos);
      return false; // nothing with an id lives inside inline content
    }
    if (hasBlockAttrs(node.type)) check(node, pos);
    return true;
  });
  function check(node, pos) {
    const id = node.attrs.id;
    if (typeof id === "string" && VALID_ID.test(id) && !seen.has(id)) {
      seen.add(id);
      return;
    }
    let fresh = newBlockId();
    while (seen.has(fresh)) fresh = newBlockId();
    seen.add(fresh);
    // AttrSteps don't move positions, so those collected above stay valid.
    tr = tr || state.tr;
    tr.setNodeAttribute(pos, "id", fresh);
  }
  return tr;
}

export function blockIdsPlugin() {
  return new Plugin({
    key: blockIdsKey,
    appendTransaction(transactions, _oldState, newState) {
      // Only local edits: steps from others arrive with their ids already fixed by their
      // author, and answering them here would make two clients fight over one block.
      const local = transactions.some((tr) => tr.docChanged && tr.getMeta("collab$") === undefined);
      if (!local) return null;
      // prosemirror-history files an appended transaction with the one it answers.
      return fixBlockIds(newState);
    },
  });
}
