// The block panel: which block the cursor is in, its principle and audience tags
// (checkboxes), and for callouts their kind and title, for images their alt text.
// By default it works on the top-level block around the cursor; a select offers the
// nested blocks (a list item, a paragraph in a callout) when there are any. The block
// being tagged is outlined in the text while the panel has focus.
import { NodeSelection, Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { CALLOUT_KINDS, calloutLabel, hasBlockAttrs } from "./schema.js";
import { t } from "./i18n.js";
import { el } from "./dom.js";

export const tagTargetKey = new PluginKey("tagTarget");

function typeLabel(node) {
  switch (node.type.name) {
    case "paragraph": return t("Paragraph");
    case "heading": return t("Heading {level}", { level: node.attrs.level });
    case "blockquote": return t("Quote");
    case "callout": return t("Typed block: {kind}", { kind: calloutLabel(node.attrs.kind) });
    case "horizontal_rule": return t("Horizontal rule");
    case "image": return t("Image");
    case "bullet_list": return t("Bulleted list");
    case "ordered_list": return t("Numbered list");
    case "list_item": return t("List item");
    case "table": return t("Table");
    case "table_row": return t("Table row");
    case "table_cell": return t("Table cell");
    case "table_header": return t("Table header cell");
    default: return node.type.name;
  }
}

/** The blocks around the selection that can be tagged, outermost first: [{node, pos}]. */
export function candidates(state) {
  const { selection } = state;
  const $from = selection.$from;
  const out = [];
  for (let depth = 1; depth <= $from.depth; depth++) {
    const node = $from.node(depth);
    if (hasBlockAttrs(node.type)) out.push({ node, pos: $from.before(depth) });
  }
  if (selection instanceof NodeSelection && hasBlockAttrs(selection.node.type)) {
    out.push({ node: selection.node, pos: selection.from });
  }
  return out;
}

/** The block the panel works on: {node, pos, index, list} or null. */
export function currentTarget(state) {
  const list = candidates(state);
  if (!list.length) return null;
  const chosen = tagTargetKey.getState(state);
  const index = Math.min(chosen ? chosen.index : 0, list.length - 1);
  return { ...list[index], index, list };
}

export function tagTargetPlugin() {
  return new Plugin({
    key: tagTargetKey,
    state: {
      init: () => ({ index: 0, top: null }),
      apply(tr, value, _old, newState) {
        const meta = tr.getMeta(tagTargetKey);
        const list = candidates(newState);
        const top = list.length ? list[0].pos : null;
        if (meta != null) return { index: meta, top };
        // Moving to another top-level block starts again from its top level.
        if (top !== (value.top == null ? null : tr.mapping.map(value.top))) return { index: 0, top };
        return { index: value.index, top };
      },
    },
    props: {
      decorations(state) {
        const target = currentTarget(state);
        if (!target) return null;
        return DecorationSet.create(state.doc, [
          Decoration.node(target.pos, target.pos + target.node.nodeSize, { class: "cb-tag-target" }),
        ]);
      },
    },
  });
}


export class TagPanel {
  constructor({ config }) {
    this.view = null;
    this.config = config;
    this.dom = el("aside", { class: "cb-panel", "aria-labelledby": "cb-panel-title" });
    this.dom.append(el("h2", { id: "cb-panel-title", text: t("Block tags") }));
    this.summary = el("p", { class: "cb-panel__summary", id: "cb-panel-summary" });
    this.dom.append(this.summary);

    // Which block (only shown when there is a choice).
    this.targetField = el("div", { class: "field" });
    this.targetSelect = el("select", { id: "cb-panel-target" });
    this.targetField.append(el("label", { for: "cb-panel-target", text: t("Block to tag") }), this.targetSelect);
    this.targetSelect.addEventListener("change", () => {
      if (this.view) this.view.dispatch(this.view.state.tr.setMeta(tagTargetKey, Number(this.targetSelect.value)));
    });
    this.dom.append(this.targetField);

    // Callout kind and title.
    this.calloutBox = el("div", { class: "cb-panel__callout" });
    this.kindSelect = el("select", { id: "cb-panel-kind" });
    for (const kind of CALLOUT_KINDS) this.kindSelect.append(el("option", { value: kind, text: calloutLabel(kind) }));
    this.kindSelect.addEventListener("change", () => this.setAttr("kind", this.kindSelect.value));
    this.titleInput = el("input", { id: "cb-panel-title-input", type: "text", maxlength: "300" });
    this.titleInput.addEventListener("change", () => this.setAttr("title", this.titleInput.value.trim()));
    this.kindField = el("div", { class: "field" }, [el("label", { for: "cb-panel-kind", text: t("Kind") }), this.kindSelect]);
    this.calloutBox.append(
      this.kindField,
      el("div", { class: "field" }, [el("label", { for: "cb-panel-title-input", text: t("Title (optional)") }), this.titleInput]),
    );
    this.dom.append(this.calloutBox);

    // Image alt text.
    this.imageBox = el("div", { class: "cb-panel__image" });
    this.altInput = el("input", { id: "cb-panel-alt", type: "text", required: true, "aria-describedby": "cb-panel-alt-error" });
    this.altError = el("p", { class: "field__error", id: "cb-panel-alt-error", hidden: true, text: t("Alt text can't be empty: describe the image for people who can't see it.") });
    this.altInput.addEventListener("change", () => {
      const value = this.altInput.value.trim();
      this.altError.hidden = !!value;
      this.altInput.toggleAttribute("aria-invalid", !value);
      if (value) this.setAttr("alt", value);
    });
    this.imageBox.append(el("div", { class: "field" }, [el("label", { for: "cb-panel-alt", text: t("Alt text") }), this.altInput, this.altError]));
    this.dom.append(this.imageBox);

    this.principleBoxes = this.checkboxGroup(t("Principles"), "principles",
      (config.principles || []).map((p) => ({ slug: p.slug, label: p.title })));
    this.audienceBoxes = this.checkboxGroup(t("Audiences"), "audiences",
      (config.audiences || []).map((a) => ({ slug: a.slug, label: a.name })));
    this.lastKey = null;
    // A translation takes its tags and block kinds from the original (the server carries
    // them over block by block); only the words, a callout's title and alt text are its own.
    if (config.tagsFromSource) {
      this.principleBoxes.fieldset.hidden = true;
      this.audienceBoxes.fieldset.hidden = true;
      this.kindField.hidden = true;
      this.dom.append(el("p", { class: "cb-panel__note", text: t("Tags and block kinds come from the original: translate the words and each block keeps its tags.") }));
    }
  }

  checkboxGroup(legend, attr, items) {
    const fieldset = el("fieldset", { class: "cb-panel__tags" });
    fieldset.append(el("legend", { text: legend }));
    const list = el("ul", { class: "checkbox-list" });
    const boxes = new Map();
    if (!items.length) list.append(el("li", { class: "muted", text: t("None defined yet.") }));
    for (const item of items) {
      const id = `cb-tag-${attr}-${item.slug}`;
      const box = el("input", { type: "checkbox", id, value: item.slug });
      box.addEventListener("change", () => this.toggleTag(attr, item.slug, box.checked, items));
      list.append(el("li", {}, [box, el("label", { for: id, text: item.label })]));
      boxes.set(item.slug, box);
    }
    fieldset.append(list);
    this.dom.append(fieldset);
    return { fieldset, boxes };
  }

  setAttr(name, value) {
    const view = this.view;
    const target = view && currentTarget(view.state);
    if (!target || !(name in target.node.attrs) || target.node.attrs[name] === value) return;
    view.dispatch(view.state.tr.setNodeAttribute(target.pos, name, value));
  }

  toggleTag(attr, slug, on, items) {
    const view = this.view;
    const target = view && currentTarget(view.state);
    if (!target) return;
    const now = new Set(target.node.attrs[attr] || []);
    if (on) now.add(slug); else now.delete(slug);
    // Keep the configured order (stable JSON, readable diffs); unknown slugs stay at the end.
    const order = items.map((item) => item.slug);
    const next = [...order.filter((s) => now.has(s)), ...[...now].filter((s) => !order.includes(s))];
    view.dispatch(view.state.tr.setNodeAttribute(target.pos, attr, next));
  }

  update(state) {
    const target = currentTarget(state);
    const disabled = !target;
    for (const group of [this.principleBoxes, this.audienceBoxes]) group.fieldset.disabled = disabled;
    if (!target) {
      this.summary.textContent = t("Put the cursor in a block to tag it.");
      this.targetField.hidden = true;
      this.calloutBox.hidden = true;
      this.imageBox.hidden = true;
      return;
    }
    const { node, list, index } = target;
    const key = list.map((c) => c.node.type.name + (c.node.attrs.level || "")).join("/") + "#" + index;
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.targetSelect.replaceChildren(...list.map((c, i) => el("option", {
        value: String(i),
        text: (i === 0 ? "" : "— ".repeat(i)) + typeLabel(c.node),
      })));
    }
    this.targetSelect.value = String(index);
    this.targetField.hidden = list.length < 2;
    this.summary.textContent = t("Tagging: {block}", { block: typeLabel(node) });
    for (const [attr, group] of [["principles", this.principleBoxes], ["audiences", this.audienceBoxes]]) {
      const on = new Set(node.attrs[attr] || []);
      for (const [slug, box] of group.boxes) box.checked = on.has(slug);
    }
    const isCallout = node.type.name === "callout";
    this.calloutBox.hidden = !isCallout;
    if (isCallout) {
      this.kindSelect.value = node.attrs.kind;
      if (document.activeElement !== this.titleInput) this.titleInput.value = node.attrs.title || "";
    }
    const isImage = node.type.name === "image";
    this.imageBox.hidden = !isImage;
    if (isImage && document.activeElement !== this.altInput) this.altInput.value = node.attrs.alt || "";
  }
}
