// Culture Book's section editor: reads the page's editor-config, builds the schema from the
// served spec, and wires the ProseMirror view to the toolbar, the block panel, the status
// line, the comments panel and the connection to the server. Exposes
// window.cultureBookEditor for tests.
import { EditorState, Plugin } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { Node as PMNode } from "prosemirror-model";
import { Step } from "prosemirror-transform";
import { keymap } from "prosemirror-keymap";
import { baseKeymap } from "prosemirror-commands";
import { history } from "prosemirror-history";
import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { tableEditing } from "prosemirror-tables";
import { collab, getVersion, sendableSteps } from "prosemirror-collab";

import { buildSchema } from "./schema.js";
import { buildCommands, linkRange } from "./commands.js";
import { buildKeymap, keyLabel, SHORTCUTS } from "./keymap.js";
import { buildInputRules } from "./inputrules.js";
import { blockIdsPlugin } from "./ids.js";
import { pasteProps } from "./paste.js";
import { Toolbar } from "./menu.js";
import { TagPanel, tagTargetPlugin } from "./tagging.js";
import { Notices, StatusView } from "./status.js";
import { PresenceView } from "./presence.js";
import { Cursors, cursorsPlugin } from "./cursors.js";
import { openShortcutHelp } from "./help.js";
import { COMMENT_SHORTCUT, Comments } from "./comments.js";
import { Connection } from "./collab.js";
import { holdTabLock, LocalDrafts } from "./storage.js";
import { askForm } from "./dialogs.js";
import { askForResource } from "./citing.js";
import { isSafeHref, isSafeImageSrc } from "./links.js";
import { t, tn } from "./i18n.js";
import { el } from "./dom.js";

function readConfig() {
  const el = document.getElementById("editor-config");
  if (!el) throw new Error("editor-config is missing");
  return JSON.parse(el.textContent);
}


function parseDoc(schema, json) {
  const doc = json ? PMNode.fromJSON(schema, json) : schema.topNodeType.createAndFill();
  doc.check();
  return doc;
}

// Key order in the spec is significant (the first block type is the default one, marks
// nest in their order). Jinja's tojson sorts keys, so an embedded spec whose first node is
// not the top node has lost its order: then the API's copy (GET /api/v1/schema) is used.
async function schemaSpec(config) {
  const spec = config.schema;
  const top = (spec && spec.topNode) || "doc";
  if (spec && spec.nodes && Object.keys(spec.nodes)[0] === top) return spec;
  try {
    const response = await fetch(config.endpoints.schema || "/api/v1/schema", {
      credentials: "same-origin", headers: { Accept: "application/json" },
    });
    if (response.ok) return await response.json();
  } catch (_error) {
    // Fall through to a best guess from the embedded copy.
  }
  const nodes = { [top]: spec.nodes[top], paragraph: spec.nodes.paragraph, ...spec.nodes };
  const order = ["link", "em", "strong", "code"];
  const marks = {};
  for (const name of order) if (spec.marks && name in spec.marks) marks[name] = spec.marks[name];
  return { ...spec, nodes, marks: { ...marks, ...(spec.marks || {}) } };
}

async function start() {
  const root = document.getElementById("editor-root");
  if (!root) return;
  const config = readConfig();
  const schema = buildSchema(await schemaSpec(config));

  // Layout: toolbar, status line, notices, then the text beside the block panel.
  const status = new StatusView();
  const presence = new PresenceView(config.user && config.user.id);
  const cursors = new Cursors({ endpoint: config.endpoints && config.endpoints.presence, csrfToken: config.csrfToken });
  const notices = new Notices();
  const panel = new TagPanel({ config });
  // Comments, where the page has somewhere to keep them (sections and proposals do).
  const comments = config.endpoints && config.endpoints.comments ? new Comments({ config, notices }) : null;
  const helpId = "cb-editor-help";
  const ui = {
    openLinkDialog: () => openLinkDialog(),
    openImageDialog: () => openImageDialog(),
    openResourceDialog: () => openResourceDialog(),
    focusToolbar: () => toolbar.focus(),
    openShortcutHelp: () => openShortcutHelp(comments ? [[t("Comment on the selected words"), COMMENT_SHORTCUT]] : []),
  };
  const commands = buildCommands(schema);
  const toolbar = new Toolbar({ schema, commands, ui, label: t("Formatting") });
  const mount = el("div", { class: "cb-editor__text" });
  const help = el("p", { class: "cb-help", id: helpId, text: t(
    "Keys: {toolbar} moves to the toolbar and Escape comes back; arrow keys move along the toolbar. Tab leaves the text (in lists and tables it indents or moves between cells). Type ## for a heading, * for a list, 1. for a numbered list, > for a quote.",
    { toolbar: keyLabel(SHORTCUTS.toolbar) }) + (comments
    ? " " + t("{shortcut} comments on the selected words.", { shortcut: keyLabel(COMMENT_SHORTCUT) }) : "")
    + " " + t("{shortcut} lists every shortcut.", { shortcut: keyLabel(SHORTCUTS.help) }) });
  // Indent arrows point the way the text moves: its direction, not the interface's.
  const shell = el("div", { class: "cb-editor", "data-text-dir": config.direction || "ltr" }, [
    el("div", { class: "cb-editor__top" }, [
      toolbar.dom,
      el("div", { class: "cb-editor__statusline" }, [status.dom, presence.dom]),
    ]),
    notices.dom,
    el("div", { class: "cb-editor__layout" }, [
      el("div", { class: "cb-editor__main" }, [mount, help]),
      // The block panel first: it follows the cursor, so it must be in view while writing.
      el("div", { class: "cb-editor__side" }, [panel.dom, comments ? comments.dom : null]),
    ]),
  ]);
  root.replaceChildren(shell);
  toolbar.relayout(); // on the page now, so it can measure what fits on its row

  // Restore edits a closed tab left behind, if there are any.
  const drafts = new LocalDrafts(config.sectionId);
  let baseDoc = config.doc;
  let baseVersion = config.version;
  let clientID = null;
  let restoredSteps = null;
  const orphans = await drafts.orphans();
  for (const record of orphans) {
    if (restoredSteps) { drafts.forget(record.owner); continue; } // only the newest can be replayed
    let base = null;
    if (record.version === config.version) base = config.doc;
    else if (record.version < config.version && record.baseDoc) base = JSON.parse(record.baseDoc);
    try {
      if (!base) throw new Error("no base document");
      const doc = parseDoc(schema, base);
      const steps = record.steps.map((json) => Step.fromJSON(schema, json));
      let check = doc;
      for (const step of steps) {
        const result = step.apply(check);
        if (!result.doc) throw new Error(result.failed);
        check = result.doc;
      }
      baseDoc = base;
      baseVersion = record.version;
      clientID = record.owner;
      restoredSteps = steps;
    } catch (_error) {
      notices.show(t("Unsaved changes from an earlier visit could not be restored: the section has changed too much since."), "error");
      drafts.forget(record.owner);
    }
  }
  if (clientID == null) clientID = Math.floor(Math.random() * 0xFFFFFFFF);
  drafts.clientID = clientID;
  holdTabLock(config.sectionId, clientID);

  const uiPlugin = new Plugin({
    view: () => ({
      update: (view) => { toolbar.update(view.state); panel.update(view.state); },
    }),
  });

  function makeState(docJSON, version) {
    return EditorState.create({
      doc: parseDoc(schema, docJSON),
      plugins: [
        buildInputRules(schema),
        keymap(buildKeymap(schema, commands, ui)),
        keymap(baseKeymap),
        dropCursor({ class: "cb-dropcursor" }),
        gapCursor(),
        history(),
        tableEditing(),
        collab({ version, clientID }),
        cursorsPlugin(),
        blockIdsPlugin(),
        tagTargetPlugin(),
        ...(comments ? comments.plugins() : []),
        uiPlugin,
      ],
    });
  }

  let connection = null;
  let state;
  try {
    state = makeState(baseDoc, baseVersion);
  } catch (error) {
    status.set("error", t("this section's stored text does not fit the editor ({message}).", { message: error.message }));
    return;
  }
  const view = new EditorView(mount, {
    state,
    attributes: {
      role: "textbox",
      "aria-multiline": "true",
      "aria-label": t("Text of “{title}”", { title: config.title }),
      "aria-describedby": helpId,
      spellcheck: "true",
      // The text is in the book's language, not necessarily the interface's.
      lang: config.language || "en",
      dir: config.direction || "ltr",
    },
    ...pasteProps(config, (message) => notices.show(message, "info")),
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      if (connection) connection.stateChanged(tr);
      cursors.stateChanged(tr);
    },
  });
  toolbar.view = view;
  panel.view = view;
  if (comments) comments.attach(view);
  toolbar.update(view.state);
  panel.update(view.state);

  if (restoredSteps) {
    const tr = view.state.tr;
    for (const step of restoredSteps) tr.step(step);
    view.dispatch(tr.setMeta("addToHistory", false));
    drafts.save(view.state);
    notices.show(tn("{count} unsaved change from an earlier visit was restored and is being saved.", "{count} unsaved changes from an earlier visit were restored and are being saved.", restoredSteps.length), "info");
  }

  cursors.attach(view);
  connection = new Connection({ view, config, schema, status, presence, notices, drafts, makeState, cursors });
  connection.start();
  if (comments) comments.start(connection);

  // ---- dialogs ------------------------------------------------------------------------

  async function openLinkDialog() {
    const range = linkRange(view.state);
    const current = range ? range.mark.attrs : null;
    const result = await askForm({
      title: current ? t("Edit link") : t("Add link"),
      submitLabel: t("Apply"),
      fields: [
        { name: "href", label: t("Web address"), type: "url", required: true, value: current ? current.href : "",
          hint: t("https://…, mailto:…, a path on this site (/books/…) or #an-anchor") },
        { name: "title", label: t("Title (optional)"), value: current && current.title ? current.title : "" },
      ],
      extraButtons: current ? [{ name: "remove", label: t("Remove link") }] : [],
      validate: (values) => (isSafeHref(values.href) ? {} : {
        href: values.href ? t("Use an address starting with https://, http://, mailto:, / or #.") : t("Enter a web address."),
      }),
    });
    view.focus();
    if (!result) return;
    if (result.action === "remove") commands.removeLink(view.state, view.dispatch);
    else commands.setLink(result.href, result.title)(view.state, view.dispatch);
  }

  async function openImageDialog() {
    const result = await askForm({
      title: t("Insert image"),
      submitLabel: t("Insert"),
      fields: [
        { name: "src", label: t("Image address"), type: "url", required: true, hint: t("https://… or a path on this site") },
        { name: "alt", label: t("Alt text"), required: true, hint: t("Describe the image for people who can't see it.") },
        { name: "title", label: t("Title (optional)") },
      ],
      validate: (values) => {
        const problems = {};
        if (!isSafeImageSrc(values.src)) problems.src = t("Use an address starting with https://, http:// or /.");
        if (!values.alt) problems.alt = t("Alt text can't be empty.");
        return problems;
      },
    });
    view.focus();
    if (!result) return;
    if (!commands.insertImage(result.src, result.alt, result.title)(view.state, view.dispatch)) {
      notices.show(t("An image can't go here; put the cursor in an ordinary paragraph."), "error");
    }
  }

  async function openResourceDialog() {
    const endpoint = (config.endpoints && config.endpoints.resources) || "/api/v1/resources";
    const chosen = await askForResource({ endpoint });
    view.focus();
    if (!chosen) return;
    if (!commands.insertResourceRef(chosen.id, chosen.title)(view.state, view.dispatch)) {
      notices.show(t("A citation can't go here; put the cursor in the text."), "error");
    }
  }

  window.cultureBookEditor = {
    view,
    schema,
    status: () => connection.statusValue(),
    version: () => getVersion(view.state),
    pending: () => { const s = sendableSteps(view.state); return s ? s.steps.length : 0; },
    connection,
    comments: () => (comments ? comments.list() : []),
  };
  root.setAttribute("data-ready", "true");
}

function boot() {
  start().catch((error) => {
    const root = document.getElementById("editor-root");
    if (root) {
      const p = document.createElement("p");
      p.className = "cb-status";
      p.setAttribute("role", "alert");
      p.setAttribute("data-status", "error");
      p.textContent = t("Error: the editor could not start ({message}).", { message: error.message });
      root.replaceChildren(p);
    }
    throw error;
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
