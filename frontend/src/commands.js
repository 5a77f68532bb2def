// Editing commands, shared by the toolbar and the keymap. Each is a ProseMirror command
// (state, dispatch?) => boolean: called without dispatch it only says whether it can run,
// which is how the toolbar knows to disable a button.
import { chainCommands, exitCode, lift, setBlockType, toggleMark, wrapIn } from "prosemirror-commands";
import { TextSelection } from "prosemirror-state";
import { liftListItem, sinkListItem, wrapInList } from "prosemirror-schema-list";
import { redo, undo } from "prosemirror-history";
import {
  addColumnAfter, addColumnBefore, addRowAfter, addRowBefore, deleteColumn, deleteRow,
  deleteTable, isInTable, toggleHeaderRow,
} from "prosemirror-tables";
import { isSafeHref, isSafeImageSrc } from "./links.js";

/** Is the mark active at the cursor, or over any of the selection? */
export function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** The nearest ancestor of the selection of one of these types: {node, pos, depth}. */
export function findAncestor(state, types) {
  const $from = state.selection.$from;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (types.includes(node.type)) return { node, pos: $from.before(depth), depth };
  }
  return null;
}

/** Can a node of this type go at the selection (at some depth)? */
export function canInsert(state, nodeType) {
  const $from = state.selection.$from;
  for (let depth = $from.depth; depth >= 0; depth--) {
    const node = $from.node(depth);
    const index = $from.index(depth);
    if (node.canReplaceWith(index, index, nodeType)) return true;
    // Never split a table cell (or another isolating node) to make room.
    if (node.type.spec.isolating) return false;
  }
  return false;
}

function insertNode(makeNode, nodeType) {
  return (state, dispatch) => {
    if (!canInsert(state, nodeType)) return false;
    if (dispatch) {
      const node = makeNode(state);
      if (!node) return false;
      dispatch(state.tr.replaceSelectionWith(node).scrollIntoView());
    }
    return true;
  };
}

/** The range of the link mark around the cursor, or null. */
export function linkRange(state) {
  const type = state.schema.marks.link;
  const { $from, from, to, empty } = state.selection;
  if (!empty) {
    let found = null;
    state.doc.nodesBetween(from, to, (node) => {
      if (!found) found = type.isInSet(node.marks);
    });
    return found ? { from, to, mark: found } : null;
  }
  const after = $from.nodeAfter;
  const before = $from.nodeBefore;
  const mark = (after && type.isInSet(after.marks)) || (before && type.isInSet(before.marks));
  if (!mark) return null;
  // The run of siblings carrying this very link that touches the cursor.
  const base = $from.start();
  let runFrom = null;
  let runTo = null;
  let result = null;
  $from.parent.forEach((child, offset) => {
    if (result) return;
    const childFrom = base + offset;
    if (mark.isInSet(child.marks)) {
      if (runFrom == null) runFrom = childFrom;
      runTo = childFrom + child.nodeSize;
    } else {
      if (runFrom != null && runFrom <= $from.pos && runTo >= $from.pos) result = { from: runFrom, to: runTo, mark };
      runFrom = null;
    }
  });
  if (!result && runFrom != null && runFrom <= $from.pos && runTo >= $from.pos) result = { from: runFrom, to: runTo, mark };
  return result;
}

/** Put the cursor at the start of the first `type` node inserted at or after `from`. */
function cursorInto(tr, from, type) {
  const start = Math.max(0, tr.mapping.map(from, -1) - 1);
  let found = null;
  tr.doc.nodesBetween(start, tr.doc.content.size, (node, pos) => {
    if (found != null) return false;
    if (node.type === type && pos >= start) { found = pos; return false; }
    return true;
  });
  if (found != null) tr.setSelection(TextSelection.near(tr.doc.resolve(found + 1)));
}

export function buildCommands(schema) {
  const n = schema.nodes;
  const m = schema.marks;

  const hardBreak = chainCommands(exitCode, (state, dispatch) => {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(n.hard_break.create()).scrollIntoView());
    return true;
  });

  /** In a list of this type: lift out of it; in the other kind: switch kind; else wrap. */
  function toggleList(listType) {
    return (state, dispatch) => {
      const list = findAncestor(state, [n.bullet_list, n.ordered_list]);
      if (list && list.node.type === listType) return liftListItem(n.list_item)(state, dispatch);
      if (list) {
        if (dispatch) {
          // Keep the block attrs (id, tags); attrs only the old kind has (order) go.
          const attrs = {};
          for (const key of Object.keys(listType.spec.attrs || {})) {
            if (key in list.node.attrs) attrs[key] = list.node.attrs[key];
          }
          dispatch(state.tr.setNodeMarkup(list.pos, listType, attrs));
        }
        return true;
      }
      return wrapInList(listType)(state, dispatch);
    };
  }

  const toggleQuote = (state, dispatch) => {
    if (findAncestor(state, [n.blockquote])) return lift(state, dispatch);
    return wrapIn(n.blockquote)(state, dispatch);
  };

  /** Wrap the selection in a callout of this kind, re-kind the callout we are in, or insert one. */
  function callout(kind) {
    return (state, dispatch) => {
      const around = findAncestor(state, [n.callout]);
      if (around) {
        if (around.node.attrs.kind === kind) return false;
        if (dispatch) dispatch(state.tr.setNodeAttribute(around.pos, "kind", kind));
        return true;
      }
      if (wrapIn(n.callout, { kind })(state, dispatch)) return true;
      if (!canInsert(state, n.callout)) return false;
      if (dispatch) {
        const tr = state.tr.replaceSelectionWith(n.callout.createAndFill({ kind }));
        cursorInto(tr, state.selection.from, n.callout);
        dispatch(tr.scrollIntoView());
      }
      return true;
    };
  }

  function setLink(href, title) {
    return (state, dispatch) => {
      if (!isSafeHref(href)) return false;
      const mark = m.link.create({ href, title: title || null });
      const range = linkRange(state);
      const { from, to, empty } = state.selection;
      if (dispatch) {
        const tr = state.tr;
        if (range && empty) {
          tr.removeMark(range.from, range.to, m.link).addMark(range.from, range.to, mark);
        } else if (empty) {
          tr.insert(from, schema.text(href, [mark]));
        } else {
          tr.removeMark(from, to, m.link).addMark(from, to, mark);
        }
        dispatch(tr.scrollIntoView());
      }
      return true;
    };
  }

  const removeLink = (state, dispatch) => {
    const range = linkRange(state);
    if (!range) return false;
    if (dispatch) dispatch(state.tr.removeMark(range.from, range.to, m.link));
    return true;
  };

  function insertImage(src, alt, title) {
    return (state, dispatch) => {
      if (!isSafeImageSrc(src) || !String(alt || "").trim()) return false;
      return insertNode(() => n.image.create({ src, alt: alt.trim(), title: title || null }), n.image)(state, dispatch);
    };
  }

  const insertTable = (state, dispatch) => {
    if (isInTable(state) || !canInsert(state, n.table)) return false;
    if (dispatch) {
      const cell = (type) => type.createAndFill();
      const row = (type) => n.table_row.create(null, [cell(type), cell(type), cell(type)]);
      const table = n.table.create(null, [row(n.table_header), row(n.table_cell), row(n.table_cell)]);
      const tr = state.tr.replaceSelectionWith(table);
      cursorInto(tr, state.selection.from, n.table);
      dispatch(tr.scrollIntoView());
    }
    return true;
  };

  const insertRule = insertNode(() => n.horizontal_rule.create(), n.horizontal_rule);

  // A citation of a library resource, at the cursor (replacing any selected text).
  function insertResourceRef(resource, title) {
    return (state, dispatch) => {
      if (!n.resource_ref || !Number.isInteger(resource) || resource <= 0) return false;
      const attrs = { resource, title: String(title || "").slice(0, 300) };
      return insertNode(() => n.resource_ref.create(attrs), n.resource_ref)(state, dispatch);
    };
  }

  const inTable = (command) => (state, dispatch) => isInTable(state) && command(state, dispatch);

  return {
    strong: toggleMark(m.strong),
    em: toggleMark(m.em),
    code: toggleMark(m.code),
    paragraph: setBlockType(n.paragraph),
    heading: (level) => setBlockType(n.heading, { level }),
    bulletList: toggleList(n.bullet_list),
    orderedList: toggleList(n.ordered_list),
    sink: sinkListItem(n.list_item),
    lift: liftListItem(n.list_item),
    quote: toggleQuote,
    callout,
    hardBreak,
    insertRule,
    insertImage,
    insertResourceRef,
    insertTable,
    setLink,
    removeLink,
    undo,
    redo,
    addRowBefore: inTable(addRowBefore),
    addRowAfter: inTable(addRowAfter),
    addColumnBefore: inTable(addColumnBefore),
    addColumnAfter: inTable(addColumnAfter),
    deleteRow: inTable(deleteRow),
    deleteColumn: inTable(deleteColumn),
    toggleHeaderRow: inTable(toggleHeaderRow),
    deleteTable: inTable(deleteTable),
  };
}
