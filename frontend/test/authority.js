// A tiny in-memory collab authority that answers src/collab.js's requests the way
// cbook/api/collab.py does (GET steps?since=V&wait=W long-polls, POST steps answers
// {version} or a 409 carrying the missed steps, GET section reloads), installed as
// globalThis.fetch. No browser and no server: the client's real loops run against it.
import { Node as PMNode } from "prosemirror-model";
import { Step } from "prosemirror-transform";
import { EditorState } from "prosemirror-state";
import { collab } from "prosemirror-collab";

export const ENDPOINTS = { steps: "/api/v1/sections/1/steps", section: "/api/v1/sections/1" };

function abortError() {
  const error = new Error("The operation was aborted.");
  error.name = "AbortError";
  return error;
}

function answer(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export class Authority {
  constructor(schema, docJSON) {
    this.schema = schema;
    this.doc = PMNode.fromJSON(schema, docJSON);
    this.steps = []; // JSON, as stored
    this.clientIDs = [];
    this.waiting = new Set(); // long-polls to wake when the version moves
    this.posts = []; // every POST body, in order, with the status it was answered with
    this.stepsIn409 = true; // the real server sends the missed steps with a 409
    this.holdPolls = false; // long-polls hang until aborted: steps arrive only by 409s
    this.postGate = null; // a promise each POST waits for first
    this.refuse = null; // (stepJSON) => a reason to answer 422, or null
  }

  get version() {
    return this.steps.length;
  }

  /** Steps another person's tab commits, straight into the authority. */
  commit(steps, clientID) {
    for (const step of steps) {
      const result = step.apply(this.doc);
      if (result.failed) throw new Error(result.failed);
      this.doc = result.doc;
      this.steps.push(step.toJSON());
      this.clientIDs.push(clientID);
    }
    for (const wake of this.waiting) wake();
  }

  since(version) {
    return { version: this.version, steps: this.steps.slice(version), clientIDs: this.clientIDs.slice(version) };
  }

  /** Becomes globalThis.fetch while a test runs. */
  fetch = async (url, init = {}) => {
    const parsed = new URL(url, "http://editor.test/");
    const method = init.method || "GET";
    // A real network answers in a later task: never in a microtask loop that would starve
    // the timers (a client stuck re-asking would then hang the tests instead of failing).
    await new Promise((resolve) => setImmediate(resolve));
    if (init.signal && init.signal.aborted) throw abortError();
    if (parsed.pathname === ENDPOINTS.section && method === "GET") {
      return answer(200, { doc: this.doc.toJSON(), version: this.version });
    }
    if (parsed.pathname !== ENDPOINTS.steps) return answer(404, { error: "not found" });
    if (method === "POST") return this.post(JSON.parse(init.body));
    const since = Number(parsed.searchParams.get("since"));
    const wait = Number(parsed.searchParams.get("wait") || 0);
    if (!(since >= 0 && since <= this.version)) return answer(410, { error: "unknown version" });
    if (wait > 0 && (since === this.version || this.holdPolls)) await this.wait(since, init.signal);
    return answer(200, { ...this.since(since), presence: [], cursors: [], presenceStamp: "p" });
  };

  wait(since, signal) {
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (this.holdPolls || this.version === since) return;
        this.waiting.delete(wake);
        resolve();
      };
      this.waiting.add(wake);
      if (signal) {
        signal.addEventListener("abort", () => { this.waiting.delete(wake); reject(abortError()); }, { once: true });
      }
    });
  }

  async post(body) {
    if (this.postGate) await this.postGate;
    const record = { ...body, status: 200 };
    this.posts.push(record);
    if (body.version !== this.version) {
      record.status = 409;
      const extra = this.stepsIn409 ? this.since(body.version) : { version: this.version };
      return answer(409, { error: "version conflict", ...extra });
    }
    const steps = [];
    let doc = this.doc;
    for (const json of body.steps) {
      const reason = this.refuse && this.refuse(json);
      const step = reason ? null : Step.fromJSON(this.schema, json);
      const result = step ? step.apply(doc) : { failed: reason };
      if (result.failed) {
        record.status = 422;
        return answer(422, { error: "invalid steps", detail: result.failed });
      }
      doc = result.doc;
      steps.push(step);
    }
    this.commit(steps, body.clientID);
    return answer(200, { version: this.version });
  }
}

/** A collab EditorState the way main.js makes one (only the plugins collab.js relies on). */
export function collabState(schema, docJSON, version, clientID) {
  return EditorState.create({ doc: PMNode.fromJSON(schema, docJSON), plugins: [collab({ version, clientID })] });
}

/** The parts of an EditorView and of the page that a Connection talks to, recorded. */
export function fakeEditor(schema, docJSON, version, clientID) {
  const page = {
    statuses: [],
    notices: [],
    saved: 0,
    connection: null,
    status: { set(value, message) { page.statuses.push(message ? `${value}: ${message}` : value); } },
    presence: { update() {} },
    drafts: { save() { page.saved++; } },
    makeState: (doc, at) => collabState(schema, doc, at, clientID),
  };
  page.noticesView = { show(message, kind) { page.notices.push(`${kind}: ${message}`); } };
  page.view = {
    state: collabState(schema, docJSON, version, clientID),
    dispatch(tr) {
      page.view.state = page.view.state.apply(tr);
      if (page.connection) page.connection.stateChanged(tr);
    },
    updateState(state) { page.view.state = state; },
  };
  return page;
}
