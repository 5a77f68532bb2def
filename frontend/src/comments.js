// Comments anchored to the text: a panel beside the editor (open threads in document order,
// then resolved ones, then detached ones whose text was deleted), highlights on every open
// thread's words, and a way to start a thread on the selected words (Mod-Alt-m).
//
// Positions. The server answers with every range at its current version. This tab's doc is
// the confirmed doc at getVersion(state) plus its unsent steps, so a list whose version is
// the confirmed one is mapped through those unsent steps and is exact; a list from another
// version (the server is ahead of, or behind, this tab) only updates the threads' words and
// state, and the ranges already here keep following the text until the next fetch, which
// every version change asks for (at most about once a second). Between fetches each range
// is mapped through every transaction, step by step, the way the server maps anchors: a
// step that replaces all of a range's text detaches it (the quote and where the text was
// are kept), and text coming back exactly there (an undo) attaches it again at once.
//
// A new comment is posted with positions in the confirmed doc: the selection is kept as a
// pending range that follows the text while the person writes the comment, and the post
// waits until nothing is left unsent, when the local doc *is* the confirmed doc.
import { Plugin, PluginKey, TextSelection } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { keymap } from "prosemirror-keymap";
import { getVersion, sendableSteps } from "prosemirror-collab";
import { askForm } from "./dialogs.js";
import { ariaShortcut, keyLabel } from "./keymap.js";
import { t } from "./i18n.js";
import { el } from "./dom.js";
import { Mentions, listNames, toldLine } from "./mentions.js";
import { anchorFromServer, mapAnchor } from "./anchors.js";

export const COMMENT_SHORTCUT = "Mod-Alt-m";
export const commentsKey = new PluginKey("comments");

const FETCH_GAP = 1000; // at most one refetch a second, however fast the versions change
const IDLE_REFRESH = 10000; // comments change without the text changing: look now and then
const SAVE_WAIT = 20000; // how long a new comment waits for this tab's edits to be saved
const REQUEST_TIMEOUT = 15000;

function buildDecorations(doc, anchors) {
  const decorations = [];
  for (const [id, anchor] of anchors) {
    if (!anchor.known || anchor.detached || anchor.resolved || anchor.from >= anchor.to) continue;
    if (anchor.from < 0 || anchor.to > doc.content.size) continue;
    decorations.push(Decoration.inline(anchor.from, anchor.to,
      { class: "cb-comment-range", "data-comment-id": String(id) }));
  }
  return DecorationSet.create(doc, decorations);
}

function commentsPlugin(controller) {
  return new Plugin({
    key: commentsKey,
    state: {
      init: (_config, state) => ({ anchors: new Map(), pending: new Map(), decorations: DecorationSet.create(state.doc, []), fresh: true }),
      apply(tr, value, _old, newState) {
        const meta = tr.getMeta(commentsKey);
        if (!tr.docChanged && !meta) return value;
        let { anchors, pending } = value;
        if (tr.docChanged) {
          const maps = tr.mapping.maps;
          const moved = new Map();
          for (const [id, anchor] of anchors) moved.set(id, mapAnchor(anchor, maps, newState.doc));
          anchors = moved;
          const still = new Map();
          for (const [key, range] of pending) {
            const mapped = mapAnchor({ ...range, known: true, detached: false }, maps, newState.doc);
            if (!mapped.detached) still.set(key, { from: mapped.from, to: mapped.to });
          }
          pending = still;
        }
        if (meta && meta.anchors) anchors = meta.anchors;
        if (meta && meta.pending) pending = meta.pending;
        const decorations = anchors === value.anchors && !tr.docChanged ? value.decorations : buildDecorations(newState.doc, anchors);
        return { anchors, pending, decorations, fresh: value.fresh && !(meta && meta.anchors) };
      },
    },
    props: {
      decorations: (state) => commentsKey.getState(state).decorations,
    },
    view: () => ({ update: (view, prevState) => controller.update(view, prevState) }),
  });
}

/** The maps of this tab's unsent steps: from the confirmed doc to the doc on screen. */
function unsentMaps(state) {
  const sendable = sendableSteps(state);
  return sendable ? sendable.steps.map((step) => step.getMap()) : [];
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function shorten(text, max = 80) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}

function when(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  try {
    return date.toLocaleString(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
  } catch (_error) {
    return date.toLocaleString();
  }
}

function personName(person) {
  if (!person || !person.name) return t("Someone");
  // "Name (pronouns) · Trio": who is speaking, as they present themselves.
  let label = String(person.name);
  if (person.pronouns) label += ` (${person.pronouns})`;
  if (person.trio) label += ` · ${person.trio}`;
  return label;
}

// ---- the panel and its controller ----------------------------------------------------

let counter = 0;

export class Comments {
  /** config: the page's editor-config; notices: the Notices view for errors. */
  constructor({ config, notices }) {
    this.config = config;
    this.notices = notices;
    this.view = null;
    this.connection = null;
    this.threads = []; // the server's list, oldest first
    this.rows = new Map(); // thread id -> {li, sig, ...}
    this.lastVersion = null;
    this.lastFetch = 0;
    this.fetchTimer = null;
    this.inflight = false;
    this.dirty = false;
    this.currentId = null;
    this.started = false;
    this.peopleList = null; // who may be @mentioned here, fetched once when first wanted
    this.plugin = commentsPlugin(this);
    this.keys = keymap({ [COMMENT_SHORTCUT]: () => { this.addComment(); return true; } });
    this.buildPanel();
  }

  plugins() {
    return [this.plugin, this.keys];
  }

  /** Where a comment box asks for people to suggest and who a text would tell. */
  mentionSources() {
    const base = String(this.config.endpoints.comments).replace(/\/comments$/, "");
    return {
      people: () => {
        if (!this.peopleList) this.peopleList = this.request(`${base}/people`).catch((error) => { this.peopleList = null; throw error; });
        return this.peopleList;
      },
      resolve: (text) => this.request(`${base}/mentions`, { method: "POST", body: { text } }),
    };
  }

  /** After posting: say who was told, and warn about @names that told nobody. */
  reportMentions(answer, done) {
    const told = answer && (answer.people || []).length
      ? " " + t("{names} told.", { names: listNames(answer.people.map((person) => person.name)) }) : "";
    this.say(done + told);
    if (answer && ((answer.unknown || []).length || (answer.ambiguous || []).length)) {
      this.notices.show(toldLine({ unknown: answer.unknown, ambiguous: answer.ambiguous }), "error");
    }
  }

  request(url, options = {}) {
    if (!this.connection) return Promise.reject(new Error(t("not connected")));
    return this.connection.request(url, options, REQUEST_TIMEOUT);
  }

  // ---- building -----------------------------------------------------------------------

  buildPanel() {
    const id = "cb-comments-" + ++counter;
    this.ids = { title: id + "-title", hint: id + "-hint" };
    this.dom = el("aside", { class: "cb-comments", "aria-label": t("Comments"), "data-testid": "comments" });
    this.title = el("h2", { id: this.ids.title, tabindex: "-1", text: t("Comments") });
    this.addButton = el("button", {
      type: "button", class: "button cb-comments__add", "aria-disabled": "true",
      "aria-describedby": this.ids.hint, "aria-keyshortcuts": ariaShortcut(COMMENT_SHORTCUT),
      text: `${t("Add comment")} (${keyLabel(COMMENT_SHORTCUT)})`,
    });
    this.addButton.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
    this.addButton.addEventListener("click", () => this.addComment());
    this.hint = el("p", { class: "cb-comments__hint", id: this.ids.hint });
    this.live = el("p", { class: "cb-comments__live", role: "status", "aria-live": "polite" });

    this.openList = el("ol", { class: "cb-comments__list", "data-group": "open", "aria-label": t("Open comments") });
    this.empty = el("p", { class: "cb-comments__empty", text: t("No open comments.") });

    this.resolvedList = el("ol", { class: "cb-comments__list", "data-group": "resolved" });
    this.resolvedSummary = el("summary", {});
    this.resolvedBox = el("details", { class: "cb-comments__group cb-comments__group--resolved", hidden: true },
      [this.resolvedSummary, this.resolvedList]);

    const detachedTitle = id + "-detached";
    this.detachedList = el("ol", { class: "cb-comments__list", "data-group": "detached" });
    this.detachedHeading = el("h3", { id: detachedTitle });
    this.detachedBox = el("section", { class: "cb-comments__group cb-comments__group--detached", "aria-labelledby": detachedTitle, hidden: true }, [
      this.detachedHeading,
      el("p", { class: "cb-comments__note", text: t("The words these comments were about have been deleted. Their quotes are kept here.") }),
      this.detachedList,
    ]);
    this.dom.append(this.title, el("div", { class: "cb-comments__actions" }, [this.addButton, this.hint]), this.live,
      this.openList, this.empty, this.resolvedBox, this.detachedBox);
  }

  /** Everything a thread shows; built once, updated in place so focus and typing stay. */
  buildRow(thread) {
    const id = thread.id;
    const base = `cb-thread-${id}`;
    const li = el("li", { class: "cb-thread", "data-comment-id": String(id), "aria-labelledby": `${base}-meta` });
    const quoteBox = el("div", { class: "cb-thread__quote-box" });
    const meta = el("p", { class: "cb-thread__meta", id: `${base}-meta` });
    const body = el("p", { class: "cb-thread__body" });
    const replies = el("ol", { class: "cb-thread__replies", "aria-label": t("Replies") });
    const textarea = el("textarea", { id: `${base}-reply`, name: "body", rows: "2", required: true, maxlength: "10000" });
    const send = el("button", { type: "submit", class: "button button--secondary cb-thread__send", text: t("Send reply") });
    const form = el("form", { class: "cb-thread__reply" }, [
      el("label", { for: `${base}-reply`, text: t("Reply") }), textarea, send,
    ]);
    const toggle = el("button", { type: "button", class: "button button--secondary cb-thread__toggle" });
    const row = { id, li, quoteBox, meta, body, replies, textarea, send, form, toggle, sig: null, group: null };
    row.mentions = new Mentions(textarea, this.mentionSources());
    form.addEventListener("submit", (event) => { event.preventDefault(); this.reply(row); });
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); this.reply(row); }
    });
    toggle.addEventListener("click", () => this.setResolved(row.id, !this.thread(row.id).resolved));
    li.addEventListener("click", (event) => {
      if (event.target.closest("button, a, input, textarea, select, label, form, summary")) return;
      if (window.getSelection && String(window.getSelection())) return; // someone selecting text to copy
      this.jumpTo(id);
    });
    li.append(quoteBox, meta, body, replies, form, el("div", { class: "cb-thread__actions" }, [toggle]));
    return row;
  }

  fillRow(row, thread, anchor) {
    const detached = anchor && anchor.known ? anchor.detached : !!thread.detached;
    if (row.thread === thread && row.detached === detached) return; // nothing new (typing)
    row.thread = thread;
    row.detached = detached;
    const sig = JSON.stringify([thread.body, thread.author, thread.created_at, thread.replies, thread.resolved, thread.quote, detached]);
    if (sig === row.sig) return;
    row.sig = sig;
    const quote = String(thread.quote || "");
    if (detached) {
      row.quoteBox.replaceChildren(
        el("blockquote", { class: "cb-thread__quote cb-thread__quote--detached", text: quote }),
        el("p", { class: "cb-thread__note", text: t("Its text was deleted.") }),
      );
    } else {
      const jump = el("button", {
        type: "button", class: "cb-thread__quote", title: t("Select these words in the text"),
        "aria-label": t("Show in the text: “{quote}”", { quote: shorten(quote) }),
      }, [el("span", { text: quote })]);
      jump.addEventListener("click", () => this.jumpTo(row.id));
      row.quoteBox.replaceChildren(jump);
    }
    row.meta.replaceChildren(
      el("strong", { text: personName(thread.author) }), " · ",
      el("time", { datetime: thread.created_at || null, text: when(thread.created_at) }),
    );
    row.body.textContent = thread.body;
    row.replies.replaceChildren(...(thread.replies || []).map((reply) => el("li", { class: "cb-thread__reply-item", "data-reply-id": String(reply.id) }, [
      el("p", { class: "cb-thread__meta" }, [
        el("strong", { text: personName(reply.author) }), " · ",
        el("time", { datetime: reply.created_at || null, text: when(reply.created_at) }),
      ]),
      el("p", { class: "cb-thread__body", text: reply.body }),
    ])));
    row.replies.hidden = !(thread.replies || []).length;
    row.toggle.textContent = thread.resolved ? t("Reopen") : t("Resolve");
    row.li.classList.toggle("cb-thread--resolved", !!thread.resolved);
    row.li.classList.toggle("cb-thread--detached", !!detached);
  }

  // ---- state --------------------------------------------------------------------------

  attach(view) {
    this.view = view;
    this.update(view, null);
  }

  start(connection) {
    this.connection = connection;
    this.started = true;
    this.fetchNow();
    setInterval(() => {
      if (document.visibilityState === "visible" && Date.now() - this.lastFetch >= IDLE_REFRESH) this.scheduleFetch();
    }, IDLE_REFRESH / 2);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.scheduleFetch();
    });
  }

  anchors(state = this.view.state) {
    const plugin = commentsKey.getState(state);
    return plugin ? plugin.anchors : new Map();
  }

  thread(id) {
    return this.threads.find((thread) => thread.id === id) || null;
  }

  /** The current list, as the panel shows it, with positions in the doc on screen. */
  list() {
    const anchors = this.anchors();
    const doc = this.view.state.doc;
    return this.threads.map((thread) => {
      const anchor = anchors.get(thread.id);
      const known = anchor && anchor.known;
      const detached = known ? anchor.detached : !!thread.detached;
      return {
        ...thread,
        from: known ? anchor.from : null,
        to: known ? anchor.to : null,
        detached,
        text: known && !detached ? doc.textBetween(anchor.from, anchor.to, "\n") : "",
      };
    });
  }

  /** After every state update of the view (from the plugin's view). */
  update(view, _prevState) {
    if (!this.view) return;
    const state = view.state;
    const version = getVersion(state);
    const plugin = commentsKey.getState(state);
    // A new version, or a new state after a resync (its ranges are not known yet).
    if (this.started && (version !== this.lastVersion || (plugin && plugin.fresh && this.threads.length))) {
      this.scheduleFetch();
    }
    this.lastVersion = version;
    this.render(state);
  }

  scheduleFetch() {
    if (!this.started || this.fetchTimer) return;
    const wait = Math.max(0, this.lastFetch + FETCH_GAP - Date.now());
    this.fetchTimer = setTimeout(() => { this.fetchTimer = null; this.fetchNow(); }, wait);
  }

  async fetchNow() {
    if (this.inflight) { this.dirty = true; return; }
    this.inflight = true;
    this.lastFetch = Date.now();
    try {
      const list = await this.request(this.config.endpoints.comments);
      if (Array.isArray(list)) this.applyList(list);
    } catch (_error) {
      // The status line already tells of connection trouble; the next version change or
      // the idle refresh tries again.
    } finally {
      this.inflight = false;
      this.lastFetch = Date.now();
      if (this.dirty) { this.dirty = false; this.scheduleFetch(); }
    }
  }

  /** Take the server's list: its ranges where they are exact, its words and state always. */
  applyList(list) {
    const state = this.view.state;
    const version = list.length ? list[0].version : null;
    const exact = version === getVersion(state);
    const maps = exact ? unsentMaps(state) : [];
    const old = this.anchors(state);
    const anchors = new Map();
    for (const thread of list) {
      const previous = old.get(thread.id);
      let anchor;
      if (exact) anchor = mapAnchor(anchorFromServer(thread, previous), maps, state.doc);
      else if (previous && previous.known) anchor = { ...previous, quote: String(thread.quote || ""), resolved: !!thread.resolved };
      else anchor = { known: false, resolved: !!thread.resolved, quote: String(thread.quote || "") };
      anchors.set(thread.id, anchor);
    }
    this.threads = list;
    // When the versions differ, the version change that brings them together fetches again.
    this.setAnchors(anchors);
    if (!this.linkFollowed) {
      this.linkFollowed = true;
      // A mail or the inbox links to one comment as #comment-ID: show that thread.
      const wanted = /^#comment-(\d+)$/.exec((typeof location !== "undefined" && location.hash) || "");
      if (wanted) setTimeout(() => this.openLinked(Number(wanted[1])), 0);
    }
  }

  /** Bring the thread a link named into view, select its words and mark its row. */
  openLinked(id) {
    const row = this.dom && this.dom.querySelector(`[data-comment-id="${id}"]`);
    if (!row) return;
    row.classList.add("cb-thread--linked");
    this.reveal(row);
    this.jumpTo(id);
  }

  setAnchors(anchors) {
    const view = this.view;
    view.dispatch(view.state.tr.setMeta(commentsKey, { anchors }).setMeta("addToHistory", false));
  }

  upsertThread(thread, anchor) {
    const index = this.threads.findIndex((item) => item.id === thread.id);
    if (index >= 0) this.threads[index] = thread;
    else this.threads = [...this.threads, thread];
    const anchors = new Map(this.anchors());
    anchors.set(thread.id, anchor || anchors.get(thread.id) || { known: false, quote: thread.quote, resolved: thread.resolved });
    this.setAnchors(anchors);
  }

  // ---- the panel ----------------------------------------------------------------------

  canComment(state) {
    const { from, to, empty } = state.selection;
    return !empty && state.doc.textBetween(from, to, "\n").trim().length > 0;
  }

  render(state) {
    const can = this.canComment(state);
    this.addButton.setAttribute("aria-disabled", can ? "false" : "true");
    this.hint.textContent = can ? t("Comment on the selected words.") : t("Select some words to comment on them.");

    const anchors = this.anchors(state);
    const open = [];
    const resolved = [];
    const detached = [];
    for (const thread of this.threads) {
      const anchor = anchors.get(thread.id);
      const isDetached = anchor && anchor.known ? anchor.detached : !!thread.detached;
      if (thread.resolved) resolved.push(thread);
      else if (isDetached) detached.push(thread);
      else open.push(thread);
    }
    const position = (thread) => {
      const anchor = anchors.get(thread.id);
      return anchor && anchor.known ? anchor.from : Infinity;
    };
    open.sort((a, b) => position(a) - position(b) || a.id - b.id);

    const seen = new Set();
    const place = (list, threads, group) => {
      const rows = threads.map((thread) => {
        let row = this.rows.get(thread.id);
        if (!row) { row = this.buildRow(thread); this.rows.set(thread.id, row); }
        this.fillRow(row, thread, anchors.get(thread.id));
        row.group = group;
        seen.add(thread.id);
        return row;
      });
      const now = [...list.children];
      if (now.length !== rows.length || rows.some((row, i) => now[i] !== row.li)) {
        const focused = document.activeElement;
        list.replaceChildren(...rows.map((row) => row.li));
        if (focused && focused !== document.activeElement && document.contains(focused) && !focused.closest("details:not([open])")) focused.focus();
      }
    };
    place(this.openList, open, "open");
    place(this.resolvedList, resolved, "resolved");
    place(this.detachedList, detached, "detached");
    for (const [id, row] of this.rows) if (!seen.has(id)) { row.li.remove(); this.rows.delete(id); }

    this.empty.hidden = open.length > 0;
    this.empty.textContent = this.threads.length ? t("No open comments.") : t("No comments yet. Select some words and choose “Add comment”.");
    this.resolvedBox.hidden = !resolved.length;
    this.resolvedSummary.textContent = t("Resolved ({count})", { count: resolved.length });
    this.detachedBox.hidden = !detached.length;
    this.detachedHeading.textContent = t("Detached ({count})", { count: detached.length });

    // The thread around the cursor.
    const head = state.selection.head;
    let current = null;
    let width = Infinity;
    for (const thread of open) {
      const anchor = anchors.get(thread.id);
      if (!anchor || !anchor.known || anchor.detached) continue;
      if (anchor.from <= head && head <= anchor.to && anchor.to - anchor.from < width) {
        current = thread.id;
        width = anchor.to - anchor.from;
      }
    }
    if (current !== this.currentId) {
      const before = this.rows.get(this.currentId);
      if (before) { before.li.removeAttribute("aria-current"); before.li.classList.remove("cb-thread--current"); }
      this.currentId = current;
      const row = this.rows.get(current);
      if (row) {
        row.li.setAttribute("aria-current", "true");
        row.li.classList.add("cb-thread--current");
        this.reveal(row.li);
      }
    }
  }

  /** Scroll the side column (only it: never the page under someone typing) to a thread. */
  reveal(node) {
    let box = this.dom;
    while (box && box !== document.body) {
      const overflow = getComputedStyle(box).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement;
    }
    if (!box || box === document.body) return;
    const outer = box.getBoundingClientRect();
    const inner = node.getBoundingClientRect();
    if (inner.top < outer.top) box.scrollTop -= outer.top - inner.top + 8;
    else if (inner.bottom > outer.bottom) box.scrollTop += Math.min(inner.bottom - outer.bottom + 8, inner.top - outer.top - 8);
  }

  say(message) {
    this.live.textContent = message;
  }

  // ---- actions ------------------------------------------------------------------------

  jumpTo(id) {
    const view = this.view;
    const anchor = this.anchors().get(id);
    if (!anchor || !anchor.known || anchor.detached || anchor.to > view.state.doc.content.size) return;
    const selection = TextSelection.create(view.state.doc, anchor.from, anchor.to);
    view.dispatch(view.state.tr.setSelection(selection).scrollIntoView());
    view.focus();
  }

  /** Whether this tab has nothing unsent: the doc on screen is the confirmed one. */
  settled() {
    const connection = this.connection;
    return !!connection && !connection.sending && !connection.resyncing && !sendableSteps(this.view.state);
  }

  async waitUntilSaved() {
    const deadline = Date.now() + SAVE_WAIT;
    let told = false;
    while (!this.settled()) {
      if (Date.now() > deadline) return false;
      if (!told) { this.say(t("Waiting for your latest changes to be saved…")); told = true; }
      await sleep(100);
    }
    return true;
  }

  setPending(key, range) {
    const view = this.view;
    const pending = new Map(commentsKey.getState(view.state).pending);
    if (range) pending.set(key, range); else pending.delete(key);
    view.dispatch(view.state.tr.setMeta(commentsKey, { pending }).setMeta("addToHistory", false));
  }

  async addComment() {
    const view = this.view;
    if (!view || this.adding) return;
    if (!this.canComment(view.state)) {
      this.say(t("Select some words to comment on them."));
      return;
    }
    this.adding = true;
    const key = "new-" + ++counter;
    try {
      const { from, to } = view.state.selection;
      const quote = view.state.doc.textBetween(from, to, "\n");
      this.setPending(key, { from, to, quote });
      const asking = askForm({
        title: t("Comment on “{quote}”", { quote: shorten(quote, 60) }),
        submitLabel: t("Add comment"),
        fields: [{ name: "body", label: t("Comment"), required: true,
          hint: t("Type @ and a name to tell someone.") }],
        validate: (values) => (values.body ? {} : { body: t("Write something to say about these words.") }),
      });
      // The dialog is open now: suggest people as the comment is typed.
      const box = document.querySelector("dialog[open] input[name=body]");
      if (box) new Mentions(box, this.mentionSources());
      const result = await asking;
      view.focus();
      if (!result) return;
      if (!(await this.waitUntilSaved())) {
        this.notices.show(t("The comment was not added: your latest changes are not saved yet. Try again once the status says Saved."), "error");
        return;
      }
      const range = commentsKey.getState(view.state).pending.get(key);
      if (!range) {
        this.notices.show(t("The comment was not added: the words it was about are gone."), "error");
        return;
      }
      // Nothing is unsent, so these positions are positions in the confirmed doc.
      const thread = await this.request(this.config.endpoints.comments, {
        method: "POST", body: { body: result.body, from: range.from, to: range.to, version: getVersion(view.state) },
      });
      const state = view.state;
      const here = commentsKey.getState(state).pending.get(key) || range;
      let anchor;
      if (thread.version === getVersion(state)) anchor = mapAnchor(anchorFromServer(thread, null), unsentMaps(state), state.doc);
      else anchor = { ...anchorFromServer(thread, null), from: here.from, to: here.to, detached: false };
      this.upsertThread(thread, anchor);
      this.reportMentions(thread.mentions, t("Comment added."));
      this.scheduleFetch();
    } catch (error) {
      this.notices.show(t("The comment was not added: {message}", { message: error.message }), "error");
    } finally {
      this.adding = false;
      if (commentsKey.getState(view.state).pending.has(key)) this.setPending(key, null);
    }
  }

  async reply(row) {
    const text = row.textarea.value.trim();
    if (!text) {
      row.textarea.setAttribute("aria-invalid", "true");
      this.say(t("Write a reply first."));
      row.textarea.focus();
      return;
    }
    row.textarea.removeAttribute("aria-invalid");
    row.send.disabled = true;
    try {
      const reply = await this.request(this.config.endpoints.comments, { method: "POST", body: { body: text, parent_id: row.id } });
      const thread = this.thread(row.id);
      if (thread && !(thread.replies || []).some((item) => item.id === reply.id)) {
        this.upsertThread({ ...thread, replies: [...(thread.replies || []), reply] });
      }
      row.textarea.value = "";
      row.mentions.reset();
      this.reportMentions(reply.mentions, t("Reply sent."));
      this.scheduleFetch();
    } catch (error) {
      this.notices.show(t("The reply was not sent: {message}", { message: error.message }), "error");
    } finally {
      row.send.disabled = false;
    }
  }

  async setResolved(id, resolved) {
    const thread = this.thread(id);
    if (!thread) return;
    const action = resolved ? "resolve" : "reopen";
    try {
      const answer = await this.request(`${this.config.endpoints.commentActions}/${id}/${action}`, { method: "POST", body: {} });
      const now = this.thread(id) || thread;
      const anchors = this.anchors();
      const anchor = anchors.get(id);
      this.upsertThread({ ...now, resolved: !!answer.resolved }, anchor ? { ...anchor, resolved: !!answer.resolved } : null);
      this.say(answer.resolved ? t("Comment resolved.") : t("Comment reopened."));
      const row = this.rows.get(id);
      // A resolved thread goes into the closed "Resolved" group: keep focus in the panel.
      if (answer.resolved || !row) this.title.focus();
      else row.toggle.focus();
      this.scheduleFetch();
    } catch (error) {
      this.notices.show(t("The comment could not be changed: {message}", { message: error.message }), "error");
    }
  }
}
