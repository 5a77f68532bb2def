// Comment anchors in the browser: the twin of the server's cbook/review/anchors.py, for
// the time between two fetches of the comment list. Each range follows every step the way
// the server maps it (the start sticks to the text after it, the end to the text before
// it); a step that replaces all of a range's text detaches it, keeping the quote and where
// the text went, and the text coming back exactly there (an undo) attaches it again. The
// server does more (it looks for the quote nearby, and grows a narrowed range back over
// its quote); its next list brings that here. frontend/test/anchors.test.js checks the
// cases tests/test_anchors.py checks, so the twins cannot drift apart unnoticed.
//
// An anchor is {known, from, to, detached, offset, span, quote, resolved}: while detached,
// from === to is where the text was and offset/span say where it would be if it came back.

/** An anchor from a thread in the server's list (keeping `previous`'s offset and span). */
export function anchorFromServer(thread, previous) {
  const keep = previous && previous.span > 0 ? previous : null;
  return {
    known: true,
    from: thread.from,
    to: thread.detached ? thread.from : thread.to,
    detached: !!thread.detached,
    offset: keep ? keep.offset : 0,
    span: keep ? keep.span : String(thread.quote || "").length,
    quote: String(thread.quote || ""),
    resolved: !!thread.resolved,
  };
}

/** One step's map applied to an anchor. */
export function mapAnchorStep(anchor, map) {
  if (!anchor.known) return anchor;
  if (anchor.detached) {
    const pos = map.map(anchor.from, -1);
    return pos === anchor.from ? anchor : { ...anchor, from: pos, to: pos };
  }
  let cover = null;
  map.forEach((oldStart, oldEnd, newStart) => {
    if (!cover && oldEnd > oldStart && oldStart <= anchor.from && anchor.to <= oldEnd) cover = { oldStart, newStart };
  });
  if (cover) {
    // The step replaced all of the commented text (a deletion, or typing over it).
    return { ...anchor, detached: true, from: cover.newStart, to: cover.newStart,
      offset: anchor.from - cover.oldStart, span: anchor.to - anchor.from };
  }
  const from = map.map(anchor.from, 1);
  const to = map.map(anchor.to, -1);
  if (from >= to) return { ...anchor, detached: true, from: to, to, offset: 0, span: anchor.to - anchor.from };
  return from === anchor.from && to === anchor.to ? anchor : { ...anchor, from, to };
}

/** A detached anchor whose text is back where it was (an undo) is attached again. */
export function reattach(doc, anchor) {
  if (!anchor.known || !anchor.detached || !(anchor.span > 0)) return anchor;
  const start = anchor.from + anchor.offset;
  const end = start + anchor.span;
  if (start < 0 || end > doc.content.size) return anchor;
  if (doc.textBetween(start, end, "\n") !== anchor.quote) return anchor;
  return { ...anchor, detached: false, from: start, to: end };
}

/** The anchor mapped through the step maps, in `doc` (the document after them). */
export function mapAnchor(anchor, maps, doc) {
  let out = anchor;
  for (const map of maps) out = mapAnchorStep(out, map);
  return out === anchor && !anchor.detached ? anchor : reattach(doc, out);
}
