// Unsaved edits survive a closed tab or a reload: each tab keeps its unconfirmed steps, the
// version they are based on and the document at that version in localStorage, under a
// key of its own. A tab holds a Web Lock named after its clientID for as long as it lives,
// so a new tab restores only the records of tabs that are gone (a live tab is still
// sending its own steps). The restoring tab takes over the old clientID: if the server
// had in fact accepted some of those steps before the tab closed, prosemirror-collab
// recognises them as its own when they come back, and nothing is applied twice.
import { sendableSteps } from "prosemirror-collab";

const PREFIX = "cbook-editor:v1:";
const MAX_BASE_DOC = 2_000_000; // characters of JSON; past that only same-version restores work

function storage() {
  try {
    return window.localStorage;
  } catch (_error) {
    return null; // disabled, or a sandboxed frame
  }
}

function lockName(sectionId, clientID) {
  return `cbook-editor:${sectionId}:${clientID}`;
}

/** Keep this tab's lock for as long as the tab lives. */
export function holdTabLock(sectionId, clientID) {
  if (typeof navigator === "undefined" || !navigator.locks) return;
  navigator.locks.request(lockName(sectionId, clientID), () => new Promise(() => {})).catch(() => {});
}

async function liveLocks() {
  if (typeof navigator === "undefined" || !navigator.locks) return new Set();
  try {
    const { held } = await navigator.locks.query();
    return new Set(held.map((lock) => lock.name));
  } catch (_error) {
    return new Set();
  }
}

/** The document the unconfirmed steps start from: state.doc with them undone. */
function confirmedDoc(state) {
  const plugin = state.plugins.find((p) => p.key === "collab$");
  const unconfirmed = plugin ? plugin.getState(state).unconfirmed : [];
  let doc = state.doc;
  for (let i = unconfirmed.length - 1; i >= 0; i--) {
    const result = unconfirmed[i].inverted.apply(doc);
    if (!result.doc) return null;
    doc = result.doc;
  }
  return doc;
}

export class LocalDrafts {
  constructor(sectionId) {
    this.sectionId = sectionId;
    this.clientID = null;
    this.base = null; // {version, json} of the confirmed document
  }

  keyFor(clientID) {
    return `${PREFIX}${this.sectionId}:${clientID}`;
  }

  /** Remember this tab's unconfirmed steps (or forget them once all are confirmed). */
  save(state) {
    const store = storage();
    if (!store) return;
    const sendable = sendableSteps(state);
    const key = this.keyFor(sendable ? sendable.clientID : this.clientID);
    if (!sendable) {
      store.removeItem(key);
      return;
    }
    const record = {
      owner: sendable.clientID,
      version: sendable.version,
      steps: sendable.steps.map((step) => step.toJSON()),
      savedAt: Date.now(),
    };
    // The confirmed document at a version never changes: serialise it once per version.
    if (!this.base || this.base.version !== sendable.version) {
      const doc = confirmedDoc(state);
      const json = doc ? JSON.stringify(doc.toJSON()) : null;
      this.base = { version: sendable.version, json: json && json.length <= MAX_BASE_DOC ? json : null };
    }
    if (this.base.json) record.baseDoc = this.base.json;
    try {
      store.setItem(key, JSON.stringify(record));
    } catch (_error) {
      // Quota exceeded: try without the base document, which only same-version restores need.
      delete record.baseDoc;
      try { store.setItem(key, JSON.stringify(record)); } catch (_again) { /* nothing more to do */ }
    }
  }

  /** Forget a record (after it was restored or found useless). */
  forget(clientID) {
    const store = storage();
    if (store) store.removeItem(this.keyFor(clientID));
  }

  /**
   * Records left by tabs that are gone, newest first: [{owner, version, steps, baseDoc?}].
   * Broken records are removed on sight.
   */
  async orphans() {
    const store = storage();
    if (!store) return [];
    const prefix = `${PREFIX}${this.sectionId}:`;
    const live = await liveLocks();
    const found = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key && key.startsWith(prefix)) found.push(key);
    }
    const records = [];
    for (const key of found) {
      let record = null;
      try {
        record = JSON.parse(store.getItem(key));
      } catch (_error) {
        record = null;
      }
      if (!record || !Array.isArray(record.steps) || !Number.isInteger(record.version) ||
          (typeof record.owner !== "number" && typeof record.owner !== "string")) {
        store.removeItem(key);
        continue;
      }
      if (live.has(lockName(this.sectionId, record.owner))) continue;
      records.push(record);
    }
    records.sort((a, b) => (b.savedAt || 0) - (a.savedAt || 0));
    return records;
  }
}
