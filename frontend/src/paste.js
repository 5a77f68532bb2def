// Paste from Word, Google Docs, web pages and this editor, cleaned to the schema.
//
// transformPastedHTML rewrites the clipboard HTML before ProseMirror parses it: office
// junk goes, inline styles that mean something (bold, italic) become tags, Word's fake
// lists become real lists. The schema's parseDOM rules map what is left. transformPasted
// then clears block ids (the ids plugin gives fresh ones, so a pasted copy never steals
// the original's anchor), keeps only known tags, and drops images the server would refuse.
import { Fragment, Slice } from "prosemirror-model";
import { isSafeImageSrc } from "./links.js";
import { hasBlockAttrs } from "./schema.js";
import { t, tn } from "./i18n.js";

const JUNK_TAGS = "meta, style, script, link, title, xml, template, iframe, object, embed, noscript, svg, math, form, input, button, select, textarea";
// Characters the server refuses to store (NUL, unpaired surrogates) and other controls.
const BAD_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text) {
  return text.replace(BAD_CHARS, "");
}

/** A style attribute's text as {property: value}, both lower-cased. */
export function parseStyleText(raw) {
  const out = {};
  for (const part of raw.split(";")) {
    const colon = part.indexOf(":");
    if (colon < 0) continue;
    out[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim().toLowerCase();
  }
  return out;
}

function parseStyle(el) {
  // Read the raw attribute, not el.style: under a strict CSP the CSSOM view may be empty.
  return parseStyleText(el.getAttribute("data-cb-style") || "");
}

/** Whether a Word list marker ("1.", "a)", "(iv)", but not "·" or "o") numbers its list. */
export function isOrderedMarker(marker) {
  return /^[(]?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]$/.test(marker);
}

/** Whether a pasted element loses this attribute (layout, scripts, foreign data-*). */
export function dropsAttribute(name) {
  return /^(class|id|lang|align|dir|width|height|border|cellpadding|cellspacing|valign|face|size|color)$/i.test(name) ||
    /^on/i.test(name) || (/^data-/.test(name) && !/^data-(block-id|principles|audiences|kind|title|colwidth|pm-slice)$/.test(name));
}

/** Whether an inline style's font-weight means bold. */
export function isBoldWeight(weight) {
  return !!weight && /^(bold|bolder|[6-9]00)$/.test(weight);
}

function unwrap(el) {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

function wrapChildren(el, tag) {
  const doc = el.ownerDocument;
  const wrapper = doc.createElement(tag);
  while (el.firstChild) wrapper.appendChild(el.firstChild);
  el.appendChild(wrapper);
}

function removeComments(root) {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */);
  const found = [];
  while (walker.nextNode()) found.push(walker.currentNode);
  for (const node of found) node.remove();
}

// Word marks list paragraphs with `mso-list: l0 level2 lfo1` (and MsoListParagraph*
// classes); the bullet or number is text in a span styled `mso-list: Ignore`.
function wordListId(el) {
  const match = /\b(l\d+)\b/.exec(parseStyle(el)["mso-list"] || "");
  return match ? match[1] : "";
}

function isWordListParagraph(el) {
  return el.tagName === "P" && /level\d+/.test(parseStyle(el)["mso-list"] || "");
}

function wordListInfo(el) {
  const level = Number(/level(\d+)/.exec(parseStyle(el)["mso-list"])[1]);
  let marker = "";
  for (const span of el.querySelectorAll("span")) {
    if (/mso-list\s*:\s*ignore/i.test(span.getAttribute("data-cb-style") || "")) {
      marker = span.textContent.replace(/\u00a0/g, " ").trim();
      span.remove();
      break;
    }
  }
  return { level, ordered: isOrderedMarker(marker) };
}

function buildWordList(run) {
  const doc = run[0].ownerDocument;
  const stack = []; // open lists, outermost first: {el, level}
  let outer = null;
  for (const p of run) {
    const { level, ordered } = wordListInfo(p);
    while (stack.length && stack[stack.length - 1].level > level) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.level < level) {
      const list = doc.createElement(ordered ? "ol" : "ul");
      if (top && top.el.lastElementChild) top.el.lastElementChild.appendChild(list);
      else if (top) top.el.appendChild(doc.createElement("li")).appendChild(list);
      else outer = list;
      top = { el: list, level };
      stack.push(top);
    }
    const item = doc.createElement("li");
    const para = doc.createElement("p");
    while (p.firstChild) para.appendChild(p.firstChild);
    item.appendChild(para);
    top.el.appendChild(item);
  }
  run[0].replaceWith(outer);
  for (const p of run.slice(1)) p.remove();
}

function convertWordLists(root) {
  const parents = new Set();
  for (const p of root.querySelectorAll("p")) if (isWordListParagraph(p)) parents.add(p.parentNode);
  for (const parent of parents) {
    let run = [];
    const flush = () => { if (run.length) buildWordList(run); run = []; };
    for (const child of Array.from(parent.childNodes)) {
      if (child.nodeType === 3 && !child.textContent.trim()) continue;
      if (child.nodeType === 1 && isWordListParagraph(child)) {
        // Another Word list (l0, l1, ...) starts a list of its own.
        if (run.length && wordListId(child) !== wordListId(run[0])) flush();
        run.push(child);
      } else {
        flush();
      }
    }
    flush();
  }
}

// Tags with their attributes (quoted values may hold ">"), to rename style attributes in.
const TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;

/**
 * Defuse inline CSS before the browser parses the HTML: a DOMParser document inherits the
 * page's Content-Security-Policy, which refuses (and reports) every style attribute and
 * <style> element. Style attributes become data-cb-style, read by parseStyle below.
 */
export function defuseStyles(html) {
  return html
    .replace(/<style[\s\S]*?<\/style\s*>/gi, "")
    .replace(TAG, (tag) => tag.replace(/(\s)style(\s*=)/gi, "$1data-cb-style$2"));
}

/** Clipboard HTML from Word, Google Docs or a web page, reduced to what the schema maps. */
export function cleanPastedHTML(html) {
  const parsed = new DOMParser().parseFromString(defuseStyles(cleanText(html)), "text/html");
  const body = parsed.body;
  removeComments(parsed.documentElement);
  for (const el of parsed.querySelectorAll(JUNK_TAGS)) el.remove();
  // Office namespaced tags (<o:p>, <w:sdt>, <v:shape>): keep their text, drop the tag;
  // <o:p> holds only the &nbsp; Word puts in empty paragraphs.
  for (const el of Array.from(body.getElementsByTagName("*"))) {
    if (el.tagName.includes(":")) {
      if (/^o:p$/i.test(el.tagName)) el.remove();
      else unwrap(el);
    }
  }
  // Google Docs wraps everything in <b style="font-weight:normal" id="docs-internal-guid-…">.
  for (const el of body.querySelectorAll('b[id^="docs-internal-guid"], b')) {
    const style = parseStyle(el);
    if (el.id.startsWith("docs-internal-guid") || style["font-weight"] === "normal" || style["font-weight"] === "400") {
      unwrap(el);
    }
  }
  convertWordLists(body);
  // Meaningful inline styles become tags; then every style, class and id goes.
  for (const el of Array.from(body.querySelectorAll("[data-cb-style]"))) {
    const style = parseStyle(el);
    const weight = style["font-weight"];
    const inline = /^(SPAN|FONT|A)$/.test(el.tagName);
    if (inline && isBoldWeight(weight)) wrapChildren(el, "strong");
    if (inline && style["font-style"] === "italic") wrapChildren(el, "em");
    if (inline && /^(sub|super)$/.test(style["vertical-align"] || "")) {
      // No sub/superscript in the schema: keep the text.
    }
    el.removeAttribute("data-cb-style");
  }
  for (const el of body.querySelectorAll("*")) {
    for (const name of el.getAttributeNames()) if (dropsAttribute(name)) el.removeAttribute(name);
  }
  // Word and Docs put the whole paste inside a <div>/<span> soup: it parses fine as is.
  return body.innerHTML;
}

function collectKnown(config) {
  return {
    principles: new Set((config.principles || []).map((p) => p.slug)),
    audiences: new Set((config.audiences || []).map((a) => a.slug)),
  };
}

/** The slice with ids cleared, unknown tags dropped and unstorable images removed. */
export function cleanPastedSlice(slice, config, report) {
  const known = collectKnown(config);
  const dropped = { images: 0 };
  function mapFragment(fragment) {
    const children = [];
    fragment.forEach((node) => {
      if (node.type.name === "image" && (!isSafeImageSrc(node.attrs.src) || !String(node.attrs.alt || "").trim())) {
        dropped.images++;
        return;
      }
      if (node.isText) { children.push(node); return; }
      let attrs = node.attrs;
      if (hasBlockAttrs(node.type)) {
        attrs = {
          ...attrs,
          id: null,
          principles: (attrs.principles || []).filter((s) => known.principles.has(s)),
          audiences: (attrs.audiences || []).filter((s) => known.audiences.has(s)),
        };
      }
      const content = mapFragment(node.content);
      // Dropping an image can leave a container empty: let the schema fill it.
      const copy = node.type.createAndFill(attrs, content, node.marks) ||
        node.type.create(attrs, content, node.marks);
      children.push(copy);
    });
    return Fragment.fromArray(children);
  }
  const result = new Slice(mapFragment(slice.content), slice.openStart, slice.openEnd);
  if (dropped.images && report) {
    report(tn("{count} pasted image left out: images need a web address (http or https) and alt text. Use the Image button to add them.", "{count} pasted images left out: images need a web address (http or https) and alt text. Use the Image button to add them.", dropped.images));
  }
  return result;
}

/** EditorView props for pasting. */
export function pasteProps(config, report) {
  return {
    transformPastedHTML: (html) => cleanPastedHTML(html),
    transformPastedText: (text) => cleanText(text),
    transformPasted: (slice) => cleanPastedSlice(slice, config, report),
  };
}
