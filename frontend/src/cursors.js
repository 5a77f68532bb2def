// Co-authors' carets and selections, drawn as decorations with each person's name.
//
// Each tab reports its selection (at its last confirmed version, with its own unsaved
// steps mapped out) to POST .../presence; the steps long-poll brings back everyone else's
// as {client, id, name, colour, anchor, head, version}. A cursor reported at an older
// version is brought forward through the step maps this tab has seen since (kept by
// version), then through its own unsaved steps; after that every transaction maps it, so
// a caret moves with the text as edits arrive. The server leaves out idle people and
// closed tabs, so a cursor missing from the answer disappears.
import { Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { Mapping } from "prosemirror-transform";
import { getVersion, sendableSteps } from "prosemirror-collab";
import { t } from "./i18n.js";

export const cursorsKey = new PluginKey("cbCursors");
const KEEP_MAPS = 2000; // versions of step maps kept for bringing cursors forward
const SEND_EVERY = 400; // ms: at most this often is the selection reported
const COLOURS = 8;

function caret(cursor) {
  const dom = document.createElement("span");
  dom.className = `cb-remote-caret cb-remote--${cursor.colour}`;
  dom.setAttribute("data-testid", "remote-caret");
  dom.setAttribute("data-name", cursor.name);
  // The presence line names everyone for screen readers; the caret is for the eye.
  dom.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  label.className = "cb-remote-caret__label";
  label.textContent = cursor.name;
  dom.append(label);
  return dom;
}

function decorations(doc, cursors) {
  const decos = [];
  for (const cursor of cursors) {
    const size = doc.content.size;
    const head = Math.max(0, Math.min(cursor.head, size));
    const anchor = Math.max(0, Math.min(cursor.anchor, size));
    const from = Math.min(anchor, head);
    const to = Math.max(anchor, head);
    if (from < to) {
      decos.push(Decoration.inline(from, to, {
        class: `cb-remote-selection cb-remote--${cursor.colour}`,
        "data-name": cursor.name,
      }));
    }
    decos.push(Decoration.widget(head, () => caret(cursor), {
      key: `cursor-${cursor.client}-${cursor.colour}-${cursor.name}`, side: -1, ignoreSelection: true,
    }));
  }
  return DecorationSet.create(doc, decos);
}

/** The decorations plugin: state is the cursors in this document's coordinates. */
export function cursorsPlugin() {
  return new Plugin({
    key: cursorsKey,
    state: {
      init: () => ({ cursors: [], decos: DecorationSet.empty }),
      apply(tr, value, _old, state) {
        const set = tr.getMeta(cursorsKey);
        if (set) return { cursors: set, decos: decorations(state.doc, set) };
        if (!tr.docChanged) return value;
        const cursors = value.cursors.map((c) => ({
          ...c, anchor: tr.mapping.map(c.anchor), head: tr.mapping.map(c.head),
        }));
        // Redrawn from the mapped positions (a widget mapped on its own would keep to its
        // side of inserted text and part company with the position it stands for).
        return { cursors, decos: decorations(tr.doc, cursors) };
      },
    },
    props: { decorations: (state) => cursorsKey.getState(state).decos },
  });
}

export class Cursors {
  /** view: the EditorView; endpoint: POST/DELETE .../presence (none: only draw others). */
  constructor({ endpoint, csrfToken }) {
    this.endpoint = endpoint || null;
    this.csrfToken = csrfToken;
    this.view = null;
    this.maps = new Map(); // version -> the StepMap of the step that made it
    this.reported = []; // the last cursors the server sent, as sent
    this.sendTimer = null;
    this.lastSent = 0;
    this.sentKey = "";
    this.engaged = false; // only a tab someone has clicked or typed in shows a cursor
    this.approximate = false; // the last report was made with unsaved steps mapped out
  }

  attach(view) {
    this.view = view;
    view.dom.addEventListener("focus", () => { this.engaged = true; this.schedule(); });
    window.addEventListener("pagehide", () => this.leave());
  }

  clientID() {
    const plugin = this.view.state.plugins.find((p) => p.key === "collab$");
    return plugin ? String(plugin.spec.config.clientID) : "";
  }

  /** Steps that made versions from+1, from+2, ... (confirmed or received). */
  recordSteps(from, steps) {
    steps.forEach((step, i) => this.maps.set(from + i + 1, step.getMap()));
    if (this.maps.size > KEEP_MAPS) {
      const oldest = [...this.maps.keys()].sort((a, b) => a - b).slice(0, this.maps.size - KEEP_MAPS);
      for (const version of oldest) this.maps.delete(version);
    }
  }

  /** Map a position at `version` into this tab's document, or null if we can't yet. */
  bringForward(pos, version, state) {
    const confirmed = getVersion(state);
    if (version > confirmed) return null;
    const mapping = new Mapping();
    for (let v = version + 1; v <= confirmed; v++) {
      const map = this.maps.get(v);
      if (!map) return null;
      mapping.appendMap(map);
    }
    const unsaved = sendableSteps(state);
    if (unsaved) for (const step of unsaved.steps) mapping.appendMap(step.getMap());
    return mapping.map(pos);
  }

  /** The cursors a poll brought (after its steps were applied). */
  receive(list) {
    if (!Array.isArray(list) || !this.view) return;
    this.reported = list.filter((c) => c && Number.isInteger(c.anchor) && Number.isInteger(c.head) && Number.isInteger(c.version));
    this.resolve();
  }

  resolve() {
    const state = this.view.state;
    const current = new Map(cursorsKey.getState(state).cursors.map((c) => [c.client, c]));
    const next = [];
    for (const c of this.reported) {
      const anchor = this.bringForward(c.anchor, c.version, state);
      const head = this.bringForward(c.head, c.version, state);
      const colour = Number.isInteger(c.colour) ? ((c.colour % COLOURS) + COLOURS) % COLOURS : 0;
      const cursor = { client: String(c.client), name: String(c.name || t("Someone")), colour };
      if (anchor != null && head != null) next.push({ ...cursor, anchor, head });
      else if (current.has(cursor.client)) next.push(current.get(cursor.client)); // catch up first
    }
    const key = (cs) => JSON.stringify(cs.map((c) => [c.client, c.name, c.colour, c.anchor, c.head]));
    if (key(next) === key(cursorsKey.getState(state).cursors)) return;
    this.view.dispatch(state.tr.setMeta(cursorsKey, next).setMeta("addToHistory", false));
  }

  /** After each transaction: report our selection when the person moved or typed. */
  stateChanged(tr) {
    if (!this.view || tr.getMeta(cursorsKey)) return;
    if (tr.getMeta("cbRemote")) {
      // Steps arrived: a cursor that was ahead of us may now be placeable.
      if (this.reported.length) queueMicrotask(() => this.resolve()); // not inside a dispatch
      // Our own steps confirmed: the place last reported was only approximate (inside
      // text the server did not have yet), so report the exact one now.
      if (this.approximate && !sendableSteps(this.view.state)) this.schedule();
      return;
    }
    if (tr.selectionSet || tr.docChanged) { this.engaged = this.engaged || this.view.hasFocus(); this.schedule(); }
  }

  schedule() {
    if (!this.endpoint || !this.engaged || this.sendTimer) return;
    const wait = Math.max(0, SEND_EVERY - (Date.now() - this.lastSent));
    this.sendTimer = setTimeout(() => { this.sendTimer = null; this.send(); }, wait);
  }

  async send() {
    const state = this.view.state;
    let { anchor, head } = state.selection;
    let version = getVersion(state);
    const unsaved = sendableSteps(state);
    this.approximate = !!unsaved;
    if (unsaved) {
      // Report where we are in the text the server has: our unsaved steps mapped out.
      const back = new Mapping(unsaved.steps.map((s) => s.getMap())).invert();
      anchor = back.map(anchor, -1);
      head = back.map(head, -1);
      version = unsaved.version;
    }
    const key = `${version}:${anchor}:${head}`;
    if (key === this.sentKey) return;
    this.sentKey = key;
    this.lastSent = Date.now();
    try {
      await fetch(this.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrfToken },
        body: JSON.stringify({ clientID: this.clientID(), version, anchor: Math.max(0, anchor), head: Math.max(0, head) }),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (_error) {
      // Offline: the connection's status says so; a cursor is not worth a retry loop.
      this.sentKey = "";
    }
  }

  leave() {
    if (!this.endpoint || !this.view) return;
    const url = new URL(this.endpoint, window.location.href);
    url.searchParams.set("clientID", this.clientID());
    try {
      // keepalive lets the request outlive the page, and unlike sendBeacon it can carry
      // the CSRF header the API asks of a cookie-signed-in browser.
      fetch(url.toString(), {
        method: "DELETE", keepalive: true, credentials: "same-origin",
        headers: { "X-CSRFToken": this.csrfToken },
      }).catch(() => {});
    } catch (_error) {
      // The page is going away; the server forgets the tab within a minute anyway.
    }
  }
}
