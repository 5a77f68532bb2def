// The browser's Schema: built from the one spec the server serves (cbook/editor/schema.json),
// with DOM rendering and parsing added here. The spec decides what may nest where; this
// file only decides how each node looks in the editor and how pasted HTML maps onto it.
//
// No toDOM output carries a `style` attribute: the site's Content-Security-Policy
// (style-src 'self') forbids inline styles in markup, so widths travel as data-colwidth.
import { Schema } from "prosemirror-model";
import { isSafeHref } from "./links.js";
import { t } from "./i18n.js";

export const CALLOUT_KINDS = ["barrier", "enabler", "tool", "story", "example", "reflection"];

export function calloutLabel(kind) {
  switch (kind) {
    case "barrier": return t("Barrier");
    case "enabler": return t("Enabler");
    case "tool": return t("Tool");
    case "story": return t("Story");
    case "example": return t("Example");
    case "reflection": return t("Reflection");
    default: return t("Tool");
  }
}

/** What a citation chip shows: the resource's title when it was cited. */
export function resourceRefLabel(attrs) {
  return attrs.title || t("Library resource {id}", { id: attrs.resource });
}

const SLUG_LIST = /^[a-z0-9][a-z0-9-]*$/;

function readSlugs(dom, name) {
  const raw = dom.getAttribute(name);
  if (!raw) return [];
  return raw.split(/\s+/).filter((slug) => SLUG_LIST.test(slug));
}

// The block attrs as DOM attributes: the stable id and the tags, so a copy inside the
// editor keeps its tags (paste clears ids; see paste.js) and CSS can mark tagged blocks.
function blockDOMAttrs(node) {
  const out = {};
  if (node.attrs.id) out["data-block-id"] = node.attrs.id;
  if (node.attrs.principles && node.attrs.principles.length) {
    out["data-principles"] = node.attrs.principles.join(" ");
  }
  if (node.attrs.audiences && node.attrs.audiences.length) {
    out["data-audiences"] = node.attrs.audiences.join(" ");
  }
  return out;
}

function blockAttrsFromDOM(dom) {
  const id = dom.getAttribute("data-block-id");
  return {
    id: id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null,
    principles: readSlugs(dom, "data-principles"),
    audiences: readSlugs(dom, "data-audiences"),
  };
}

function withBlockAttrs(getAttrs) {
  return (dom) => {
    const own = getAttrs ? getAttrs(dom) : {};
    if (own === false) return false;
    return { ...blockAttrsFromDOM(dom), ...own };
  };
}

function cellAttrsFromDOM(dom) {
  const widthAttr = dom.getAttribute("data-colwidth");
  const widths = widthAttr && /^\d+(,\d+)*$/.test(widthAttr)
    ? widthAttr.split(",").map((s) => Number(s)) : null;
  const colspan = Number(dom.getAttribute("colspan") || 1) || 1;
  return {
    colspan,
    rowspan: Number(dom.getAttribute("rowspan") || 1) || 1,
    colwidth: widths && widths.length === colspan ? widths : null,
  };
}

function cellDOMAttrs(node) {
  const out = blockDOMAttrs(node);
  if (node.attrs.colspan !== 1) out.colspan = String(node.attrs.colspan);
  if (node.attrs.rowspan !== 1) out.rowspan = String(node.attrs.rowspan);
  if (node.attrs.colwidth) out["data-colwidth"] = node.attrs.colwidth.join(",");
  return out;
}

function headingLevel(tag) {
  const level = Number(tag.slice(1));
  return Math.min(4, Math.max(2, level));
}

const NODE_DOM = {
  doc: {},
  text: {},
  paragraph: {
    parseDOM: [{ tag: "p", getAttrs: withBlockAttrs() }],
    toDOM: (node) => ["p", blockDOMAttrs(node), 0],
  },
  heading: {
    // h1 is the section title and h5/h6 don't exist here: pasted ones land on 2 and 4.
    parseDOM: ["h1", "h2", "h3", "h4", "h5", "h6"].map((tag) => ({
      tag, getAttrs: withBlockAttrs(() => ({ level: headingLevel(tag) })),
    })),
    toDOM: (node) => ["h" + node.attrs.level, blockDOMAttrs(node), 0],
  },
  blockquote: {
    parseDOM: [{ tag: "blockquote", getAttrs: withBlockAttrs() }],
    toDOM: (node) => ["blockquote", blockDOMAttrs(node), 0],
  },
  callout: {
    parseDOM: [
      // The reader page's and the editor's own decorations are not content.
      { tag: ".callout__kind", ignore: true, priority: 60 },
      { tag: ".callout__title", ignore: true, priority: 60 },
      { tag: ".callout__head", ignore: true, priority: 60 },
      {
        tag: "aside.callout",
        contentElement: (dom) => dom.querySelector(":scope > .callout__body") || dom,
        getAttrs: withBlockAttrs((dom) => {
          let kind = dom.getAttribute("data-kind");
          if (!CALLOUT_KINDS.includes(kind)) {
            kind = CALLOUT_KINDS.find((k) => dom.classList.contains("callout--" + k)) || "tool";
          }
          let title = dom.getAttribute("data-title");
          if (title == null) {
            const titleEl = dom.querySelector(":scope > .callout__title");
            title = titleEl ? titleEl.textContent.trim() : "";
          }
          return { kind, title };
        }),
      },
    ],
    toDOM: (node) => {
      const { kind, title } = node.attrs;
      const label = calloutLabel(kind);
      const head = ["div", { class: "callout__head", contenteditable: "false" },
        ["span", { class: "callout__kind" }, label]];
      if (title) head.push(["span", { class: "callout__title" }, title]);
      return ["aside", {
        ...blockDOMAttrs(node),
        class: "callout callout--" + (CALLOUT_KINDS.includes(kind) ? kind : "tool"),
        "data-kind": kind,
        "data-title": title || "",
        "aria-label": title ? label + ": " + title : label,
      }, head, ["div", { class: "callout__body" }, 0]];
    },
  },
  horizontal_rule: {
    parseDOM: [{ tag: "hr", getAttrs: withBlockAttrs() }],
    toDOM: (node) => ["hr", blockDOMAttrs(node)],
  },
  image: {
    parseDOM: [{
      tag: "img[src]",
      getAttrs: withBlockAttrs((dom) => ({
        src: dom.getAttribute("src"),
        alt: dom.getAttribute("alt") || "",
        title: dom.getAttribute("title") || null,
      })),
    }],
    toDOM: (node) => {
      const attrs = { ...blockDOMAttrs(node), src: node.attrs.src, alt: node.attrs.alt };
      if (node.attrs.title) attrs.title = node.attrs.title;
      return ["img", attrs];
    },
  },
  bullet_list: {
    parseDOM: [{ tag: "ul", getAttrs: withBlockAttrs() }],
    toDOM: (node) => ["ul", blockDOMAttrs(node), 0],
  },
  ordered_list: {
    parseDOM: [{
      tag: "ol",
      getAttrs: withBlockAttrs((dom) => {
        const start = Number(dom.getAttribute("start") || 1);
        return { order: Number.isInteger(start) ? start : 1 };
      }),
    }],
    toDOM: (node) => {
      const attrs = blockDOMAttrs(node);
      if (node.attrs.order !== 1) attrs.start = String(node.attrs.order);
      return ["ol", attrs, 0];
    },
  },
  list_item: {
    parseDOM: [{ tag: "li", getAttrs: withBlockAttrs() }],
    toDOM: (node) => ["li", blockDOMAttrs(node), 0],
  },
  table: {
    parseDOM: [{ tag: "table", getAttrs: withBlockAttrs() }],
    toDOM: (node) => ["table", blockDOMAttrs(node), ["tbody", 0]],
  },
  table_row: {
    parseDOM: [{ tag: "tr", getAttrs: withBlockAttrs() }],
    toDOM: (node) => ["tr", blockDOMAttrs(node), 0],
  },
  table_cell: {
    parseDOM: [{ tag: "td", getAttrs: withBlockAttrs(cellAttrsFromDOM) }],
    toDOM: (node) => ["td", cellDOMAttrs(node), 0],
  },
  table_header: {
    parseDOM: [{ tag: "th", getAttrs: withBlockAttrs(cellAttrsFromDOM) }],
    toDOM: (node) => ["th", cellDOMAttrs(node), 0],
  },
  hard_break: {
    parseDOM: [{ tag: "br" }],
    toDOM: () => ["br"],
  },
  // A cited library resource: a chip showing the title it had when it was cited. Only the
  // editor's own chips parse back into citations (copy and paste within the book); a reader
  // page's link to /library/N pastes as an ordinary link.
  resource_ref: {
    parseDOM: [{
      tag: "span[data-resource-ref]",
      priority: 60,
      getAttrs: (dom) => {
        const resource = Number(dom.getAttribute("data-resource-ref"));
        if (!Number.isInteger(resource) || resource <= 0) return false;
        return { resource, title: (dom.getAttribute("data-title") || "").slice(0, 300) };
      },
    }],
    toDOM: (node) => {
      const label = resourceRefLabel(node.attrs);
      return ["span", {
        class: "cb-resource-ref",
        "data-resource-ref": String(node.attrs.resource),
        "data-title": node.attrs.title || "",
        title: t("Cited resource: {title}", { title: label }),
      }, label];
    },
  },
};

const MARK_DOM = {
  link: {
    parseDOM: [{
      tag: "a[href]",
      // An unsafe href (javascript:, data:) keeps its text and loses the link.
      getAttrs: (dom) => {
        const href = dom.getAttribute("href");
        return isSafeHref(href) ? { href, title: dom.getAttribute("title") || null } : false;
      },
    }],
    toDOM: (mark) => {
      const attrs = { href: mark.attrs.href, rel: "noopener noreferrer nofollow" };
      if (mark.attrs.title) attrs.title = mark.attrs.title;
      return ["a", attrs, 0];
    },
  },
  em: {
    parseDOM: [
      { tag: "i" }, { tag: "em" },
      { style: "font-style=italic" },
      { style: "font-style=normal", clearMark: (m) => m.type.name === "em" },
    ],
    toDOM: () => ["em", 0],
  },
  strong: {
    parseDOM: [
      { tag: "strong" },
      // Google Docs wraps a whole paste in <b style="font-weight:normal">.
      { tag: "b", getAttrs: (dom) => dom.style.fontWeight !== "normal" && null },
      { style: "font-weight=400", clearMark: (m) => m.type.name === "strong" },
      { style: "font-weight", getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value) && null },
    ],
    toDOM: () => ["strong", 0],
  },
  code: {
    parseDOM: [{ tag: "code" }],
    toDOM: () => ["code", 0],
  },
};

// Spec keys ProseMirror understands and the JSON may carry.
const NODE_KEYS = ["content", "marks", "group", "inline", "atom", "attrs", "selectable",
  "draggable", "code", "whitespace", "definingAsContext", "definingForContent", "defining",
  "isolating", "tableRole", "linebreakReplacement", "leafText"];
const MARK_KEYS = ["attrs", "inclusive", "excludes", "group", "spanning", "code"];

function pick(spec, keys) {
  const out = {};
  for (const key of Object.keys(spec)) if (keys.includes(key)) out[key] = spec[key];
  return out;
}

/** A Schema from the served spec (key order kept), with DOM specs from this file. */
export function buildSchema(spec) {
  const nodes = {};
  for (const [name, nodeSpec] of Object.entries(spec.nodes)) {
    nodes[name] = { ...pick(nodeSpec, NODE_KEYS), ...(NODE_DOM[name] || {}) };
  }
  const marks = {};
  for (const [name, markSpec] of Object.entries(spec.marks || {})) {
    marks[name] = { ...pick(markSpec, MARK_KEYS), ...(MARK_DOM[name] || {}) };
  }
  return new Schema({ nodes, marks, topNode: spec.topNode || "doc" });
}

/** Does this node type carry the block attrs (id, principles, audiences)? */
export function hasBlockAttrs(type) {
  const attrs = type.spec.attrs;
  return !!attrs && "id" in attrs;
}
