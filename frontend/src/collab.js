// The connection to the server's collab authority (CONTRACTS.md, "Collaborative editing").
//
// Two loops share the editor state: a long-poll (GET steps?since=V&wait=25) that brings in
// other people's steps and the presence list, and a sender (POST steps) that pushes this
// tab's unconfirmed steps, one request at a time, at most MAX_BATCH steps each.
// prosemirror-collab keeps unconfirmed steps in the state and rebases them over incoming
// ones, so nothing typed while offline or during a conflict is lost; storage.js keeps them
// across a reload as well. Failures back off exponentially (1 s doubling to 30 s, jittered)
// and come back at once on the browser's "online" event.
import { getVersion, receiveTransaction, sendableSteps } from "prosemirror-collab";
import { Step } from "prosemirror-transform";
import { t, tn } from "./i18n.js";

const MAX_BATCH = 500; // the server's limit per request
const POLL_WAIT = 25; // seconds the server may hold a long-poll
const POLL_TIMEOUT = (POLL_WAIT + 15) * 1000; // give up on a poll the network swallowed
const SEND_TIMEOUT = 30 * 1000;
const OFFLINE_AFTER = 3; // failed attempts in a row before "reconnecting" becomes "offline"

function collabClientID(state) {
  const plugin = state.plugins.find((p) => p.key === "collab$");
  return plugin ? plugin.spec.config.clientID : "";
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (signal) signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

class HttpError extends Error {
  constructor(status, body) {
    const detail = body && (body.detail != null ? body.detail : null);
    const detailText = detail == null ? "" : typeof detail === "string" ? detail : JSON.stringify(detail);
    super((body && body.error) || `HTTP ${status}` + (detailText ? ` (${detailText})` : ""));
    this.status = status;
    this.body = body || {};
    this.detailText = detailText;
  }
}

export class Connection {
  /**
   * view: the EditorView; config: the page's editor-config; status/presence/notices: views;
   * drafts: LocalDrafts; makeState(docJSON, version): a fresh EditorState for a resync.
   */
  constructor({ view, config, schema, status, presence, notices, drafts, makeState, cursors }) {
    this.view = view;
    this.cursors = cursors || null;
    this.config = config;
    this.schema = schema;
    this.status = status;
    this.presence = presence;
    this.notices = notices;
    this.drafts = drafts;
    this.makeState = makeState;
    this.sending = false;
    this.resyncing = false;
    this.failures = 0;
    this.net = typeof navigator !== "undefined" && navigator.onLine === false ? "offline" : "ok";
    this.error = null; // {message, until: "contact" | "save"}
    this.stopped = false;
    this.wake = new AbortController(); // aborted to cut a backoff short
    this.pollAbort = null;
    this.sendTimer = null;
    this.saveTimer = null;
  }

  start() {
    window.addEventListener("online", () => {
      this.net = "reconnecting";
      this.failures = 0;
      this.refresh();
      this.wakeUp();
      this.kickSend();
    });
    window.addEventListener("offline", () => {
      this.net = "offline";
      this.refresh();
      if (this.pollAbort) this.pollAbort.abort();
    });
    window.addEventListener("pagehide", () => this.drafts.save(this.view.state));
    this.refresh();
    this.pollLoop();
    this.kickSend();
  }

  /** Stop both loops and every timer (the page never does; tests and tools do). */
  stop() {
    this.stopped = true;
    clearTimeout(this.sendTimer);
    clearTimeout(this.saveTimer);
    if (this.pollAbort) this.pollAbort.abort();
    this.wakeUp();
  }

  // ---- state and status -------------------------------------------------------------

  /** Called after every transaction the view applied. */
  stateChanged(tr) {
    if (tr.docChanged) {
      clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => this.drafts.save(this.view.state), 300);
      this.kickSend();
    }
    this.refresh();
  }

  /** saved | saving | offline | reconnecting | error */
  statusValue() {
    // Being offline is the news while it lasts; an error shows once the server is back.
    if (this.net === "offline") return "offline";
    if (this.net === "reconnecting") return "reconnecting";
    if (this.error) return "error";
    if (this.sending || sendableSteps(this.view.state) || this.resyncing) return "saving";
    return "saved";
  }

  refresh() {
    const value = this.statusValue();
    this.status.set(value, value === "error" ? this.error.message : null);
  }

  setError(message, until) {
    this.error = { message, until };
    this.refresh();
  }

  contactOk() {
    const wasDown = this.net !== "ok";
    this.net = "ok";
    this.failures = 0;
    if (this.error && this.error.until === "contact") this.error = null;
    this.refresh();
    if (wasDown) this.kickSend();
  }

  contactFailed() {
    this.failures++;
    if (typeof navigator !== "undefined" && navigator.onLine === false) this.net = "offline";
    else this.net = this.failures >= OFFLINE_AFTER ? "offline" : "reconnecting";
    this.refresh();
  }

  backoffDelay() {
    const base = Math.min(30000, 1000 * 2 ** Math.max(0, this.failures - 1));
    return base / 2 + Math.random() * (base / 2);
  }

  wakeUp() {
    const old = this.wake;
    this.wake = new AbortController();
    old.abort();
  }

  async backoff() {
    await sleep(this.backoffDelay(), this.wake.signal);
  }

  // ---- HTTP ---------------------------------------------------------------------------

  async request(url, options, timeout) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    if (options.signalFrom) options.signalFrom.addEventListener("abort", () => controller.abort(), { once: true });
    try {
      const response = await fetch(url, {
        method: options.method || "GET",
        headers: {
          Accept: "application/json",
          ...(options.body ? { "Content-Type": "application/json", "X-CSRFToken": this.config.csrfToken } : {}),
        },
        body: options.body ? JSON.stringify(options.body) : undefined,
        credentials: "same-origin",
        cache: "no-store",
        signal: controller.signal,
      });
      let body = null;
      try { body = await response.json(); } catch (_error) { body = null; }
      if (!response.ok) throw new HttpError(response.status, body);
      return body || {};
    } finally {
      clearTimeout(timer);
    }
  }

  stepsUrl(since, wait) {
    const url = new URL(this.config.endpoints.steps, window.location.href);
    url.searchParams.set("since", String(since));
    if (wait) url.searchParams.set("wait", String(wait));
    // Lets the server tell this tab from the same person's other tabs in its presence list.
    url.searchParams.set("clientID", String(collabClientID(this.view.state)));
    // What we last heard of who is here and where: the server answers at once if stale.
    if (this.presenceStamp) url.searchParams.set("presence", this.presenceStamp);
    return url.toString();
  }

  // ---- receiving ----------------------------------------------------------------------

  async pollLoop() {
    while (!this.stopped) {
      if (this.net === "offline" && navigator.onLine === false) {
        await sleep(30000, this.wake.signal); // the "online" event wakes us
        continue;
      }
      if (this.resyncing) { await sleep(200); continue; }
      const since = getVersion(this.view.state);
      this.pollAbort = new AbortController();
      try {
        const data = await this.request(this.stepsUrl(since, POLL_WAIT), { signalFrom: this.pollAbort.signal }, POLL_TIMEOUT);
        this.contactOk();
        this.applyRemote(since, data);
      } catch (error) {
        await this.pollFailed(error);
      }
    }
  }

  async pollFailed(error) {
    if (!(error instanceof HttpError)) {
      this.contactFailed();
      await this.backoff();
      return;
    }
    if (error.status === 401 || error.status === 403) {
      this.setError(t("you are signed out or may no longer edit this section. Your edits are kept in this browser; sign in again in another tab, then reload."), "contact");
      this.failures++;
      await this.backoff();
    } else if (error.status === 400 || error.status === 410 || error.status === 422) {
      // The server does not know our version (e.g. the section was restored from a backup).
      await this.resync(t("the server could not give the changes since version {version}.", { version: getVersion(this.view.state) }));
    } else if (error.status === 404) {
      this.setError(t("the editing service is not available ({status}). Your edits are kept in this browser.", { status: 404 }), "contact");
      this.failures++;
      await this.backoff();
    } else {
      // 429 and 5xx: the server is there but busy or broken; keep trying, gently.
      this.failures++;
      this.net = "reconnecting";
      this.refresh();
      await this.backoff();
    }
  }

  /** Apply what a GET steps answer brought (it may overlap what we already have). */
  applyRemote(since, data) {
    if (data && Array.isArray(data.presence)) this.presence.update(data.presence);
    if (data && typeof data.presenceStamp === "string") this.presenceStamp = data.presenceStamp;
    this.applySteps(since, data);
    // After the steps: the cursors may be at the version they brought us to.
    if (this.cursors && data) this.cursors.receive(data.cursors);
  }

  applySteps(since, data) {
    if (!data || !Array.isArray(data.steps) || !Array.isArray(data.clientIDs)) return;
    const current = getVersion(this.view.state);
    const skip = current - since;
    if (skip < 0 || !Number.isInteger(data.version)) return;
    if (data.version < since) {
      this.resync(t("the server's copy went back to an older version."));
      return;
    }
    const stepsJSON = data.steps.slice(skip);
    if (!stepsJSON.length) return;
    try {
      const steps = stepsJSON.map((json) => Step.fromJSON(this.schema, json));
      if (this.cursors) this.cursors.recordSteps(current, steps);
      const tr = receiveTransaction(this.view.state, steps, data.clientIDs.slice(skip), { mapSelectionBackward: true });
      this.view.dispatch(tr.setMeta("cbRemote", true));
    } catch (error) {
      this.resync(t("a change from the server could not be applied ({message}).", { message: error.message }));
    }
  }

  /** Fetch what we are missing right now (after a 409), without waiting. */
  async catchUp() {
    const since = getVersion(this.view.state);
    const data = await this.request(this.stepsUrl(since, 0), {}, SEND_TIMEOUT);
    this.contactOk();
    this.applyRemote(since, data);
  }

  // ---- sending ------------------------------------------------------------------------

  kickSend(delay = 0) {
    if (this.sending || this.resyncing || this.stopped) return;
    clearTimeout(this.sendTimer);
    this.sendTimer = setTimeout(() => this.send(), delay);
  }

  async send() {
    if (this.sending || this.resyncing) return;
    if (typeof navigator !== "undefined" && navigator.onLine === false) { this.net = "offline"; this.refresh(); return; }
    const sendable = sendableSteps(this.view.state);
    if (!sendable) { this.refresh(); return; }
    const steps = sendable.steps.slice(0, MAX_BATCH);
    this.sending = true;
    this.refresh();
    let retryIn = null;
    try {
      const data = await this.request(this.config.endpoints.steps, {
        method: "POST",
        body: { version: sendable.version, steps: steps.map((s) => s.toJSON()), clientID: sendable.clientID },
      }, SEND_TIMEOUT);
      this.contactOk();
      if (this.error && this.error.until === "save") this.error = null;
      // Confirm them here unless the long-poll already brought them back.
      if (getVersion(this.view.state) === sendable.version && data.version === sendable.version + steps.length) {
        if (this.cursors) this.cursors.recordSteps(sendable.version, steps);
        this.view.dispatch(receiveTransaction(this.view.state, steps, steps.map(() => sendable.clientID)).setMeta("cbRemote", true));
      }
      retryIn = 0;
    } catch (error) {
      retryIn = await this.sendFailed(error, sendable.version);
    } finally {
      this.sending = false;
      this.drafts.save(this.view.state);
      this.refresh();
    }
    if (retryIn != null && sendableSteps(this.view.state)) this.kickSend(retryIn);
  }

  /** What a failed POST means; returns when to try again (ms) or null to wait. */
  async sendFailed(error, sentVersion) {
    if (!(error instanceof HttpError)) {
      this.contactFailed();
      return this.backoffDelay();
    }
    const status = error.status;
    if (status === 409) {
      // Someone else got there first: take their steps (collab rebases ours), send again.
      const before = getVersion(this.view.state);
      if (Number.isInteger(error.body.version) && error.body.version < before) {
        await this.resync(t("the server's copy went back to an older version."));
        return null;
      }
      try {
        // The server may send the missed steps with the 409; otherwise fetch them.
        const body = error.body;
        if (Array.isArray(body.steps) && Array.isArray(body.clientIDs) && Number.isInteger(body.version)) {
          this.applyRemote(sentVersion, body);
        } else {
          await this.catchUp();
        }
        // Past the version we sent (from this answer, or from a poll that got there
        // first): send again at once. Still at it: the server is ahead but gave us
        // nothing, so wait before asking again.
        return getVersion(this.view.state) > sentVersion ? 0 : this.backoffDelay();
      } catch (_again) {
        this.contactFailed();
        return this.backoffDelay();
      }
    }
    if (status === 400 || status === 413 || status === 422) {
      const detail = error.body.detail;
      const why = typeof detail === "string" && detail && !error.message.includes(detail) ? `${error.message}: ${detail}` : error.message;
      await this.resync(t("your last change was refused by the server ({reason}) and has been undone; the section was reloaded.", { reason: why }));
      return null;
    }
    if (status === 401 || status === 403) {
      this.setError(t("you are signed out or may no longer edit this section. Your edits are kept in this browser; sign in again in another tab, then reload."), "save");
      this.failures++;
      return this.backoffDelay();
    }
    if (status === 404) {
      this.setError(t("the editing service is not available ({status}). Your edits are kept in this browser.", { status: 404 }), "contact");
      this.failures++;
      return this.backoffDelay();
    }
    this.failures++;
    this.net = "reconnecting";
    this.refresh();
    return this.backoffDelay();
  }

  // ---- resync -------------------------------------------------------------------------

  /**
   * Reload the document from the server and start again from it. Local unconfirmed steps
   * are dropped (the server refused them, or they no longer fit): the user is told so.
   */
  async resync(message) {
    if (this.resyncing) return;
    this.resyncing = true;
    clearTimeout(this.sendTimer);
    const lost = sendableSteps(this.view.state);
    this.setError(message, "save");
    this.notices.show(t("Error: {message}", { message }) +
      (lost ? " " + tn("{count} unsaved change was dropped.", "{count} unsaved changes were dropped.", lost.steps.length) : ""), "error");
    while (!this.stopped) {
      try {
        const data = await this.request(this.config.endpoints.section, {}, SEND_TIMEOUT);
        const state = this.makeState(data.doc, data.version);
        this.view.updateState(state);
        this.drafts.save(state);
        break;
      } catch (error) {
        // Until the server answers, the refused steps stay out of the way: nothing is sent.
        this.contactFailed();
        await this.backoff();
      }
    }
    this.resyncing = false;
    this.wakeUp();
    this.refresh();
  }
}
