// The paste cleaner (src/paste.js): characters the server refuses, inline styles defused
// before the browser parses them (the page's CSP refuses style attributes), the rules
// that decide what pasted markup keeps, and the slice cleaning (fresh ids, known tags
// only, storable images only). Walking a parsed clipboard document needs a DOM, which
// node has not: the rules it applies are tested here one by one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Fragment, Slice } from "prosemirror-model";
import {
  cleanPastedSlice, cleanText, defuseStyles, dropsAttribute, isBoldWeight, isOrderedMarker,
  parseStyleText, pasteProps,
} from "../src/paste.js";
import { schema } from "./support.js";

const S = schema;
const CONFIG = { principles: [{ slug: "trust" }, { slug: "care" }], audiences: [{ slug: "leaders" }] };

test("text loses NUL, control characters and unpaired surrogates, keeps the rest", () => {
  assert.equal(cleanText("a\u0000b\u0007c\u001Fd"), "abcd");
  assert.equal(cleanText("tab\there\nline\r\nend"), "tab\there\nline\r\nend");
  assert.equal(cleanText("joy \u{1F600} ok"), "joy \u{1F600} ok");
  assert.equal(cleanText("half \uD83D here, other half \uDE00 there"), "half  here, other half  there");
  assert.equal(cleanText("caf\u00e9 \u00a0 \u2014"), "caf\u00e9 \u00a0 \u2014");
  assert.equal(pasteProps(CONFIG).transformPastedText("x\u0000y"), "xy");
});

test("style attributes become data-cb-style and <style> elements go, before parsing", () => {
  assert.equal(defuseStyles('<p style="color:red">x</p>'), '<p data-cb-style="color:red">x</p>');
  assert.equal(defuseStyles("<span STYLE = 'font-weight:700'>b</span>"), "<span data-cb-style = 'font-weight:700'>b</span>");
  assert.equal(defuseStyles("<style>p { color: red }</style><p>x</p><STYLE type=text/css>\n.a{}\n</style >"), "<p>x</p>");
  // A quoted value may hold ">": the whole tag is still one tag.
  assert.equal(defuseStyles('<a title="a > b" style="font-style:italic" href="/x">y</a>'),
    '<a title="a > b" data-cb-style="font-style:italic" href="/x">y</a>');
  // Text that only looks like an attribute is text, and other attributes keep their names.
  assert.equal(defuseStyles("<p>style=bold</p>"), "<p>style=bold</p>");
  assert.equal(defuseStyles('<p data-style="x" mystyle="y">z</p>'), '<p data-style="x" mystyle="y">z</p>');
});

test("inline styles are read property by property, lower-cased", () => {
  assert.deepEqual(parseStyleText("mso-list: l0 level2 lfo1; FONT-WEIGHT:Bold ;color"),
    { "mso-list": "l0 level2 lfo1", "font-weight": "bold" });
  assert.deepEqual(parseStyleText(""), {});
  assert.deepEqual(parseStyleText("font-family: 'A: B'"), { "font-family": "'a: b'" });
});

test("bold is font-weight bold, bolder or 600 to 900; normal and 400/500 are not", () => {
  for (const weight of ["bold", "bolder", "600", "700", "900"]) assert.equal(isBoldWeight(weight), true, weight);
  for (const weight of ["normal", "400", "500", "lighter", "", undefined, "1000"]) assert.equal(isBoldWeight(weight), false, String(weight));
});

test("a Word list numbers itself when its marker is a number, letter or numeral", () => {
  for (const marker of ["1.", "12)", "a.", "B)", "iv.", "(3)", "(c)"]) assert.equal(isOrderedMarker(marker), true, marker);
  for (const marker of ["\u00b7", "o", "\u00a7", "-", "1", "", "ab."]) assert.equal(isOrderedMarker(marker), false, marker);
});

test("pasted markup loses layout, script and foreign data attributes, keeps what the schema reads", () => {
  for (const name of ["class", "ID", "lang", "align", "width", "color", "onclick", "ONLOAD", "data-foo", "data-docs-x"]) {
    assert.equal(dropsAttribute(name), true, name);
  }
  for (const name of ["href", "src", "alt", "title", "colspan", "rowspan", "start", "data-block-id", "data-principles",
    "data-audiences", "data-kind", "data-title", "data-colwidth", "data-pm-slice", "data-cb-style"]) {
    assert.equal(dropsAttribute(name), name === "data-cb-style", name);
  }
});

function paragraph(text, attrs = {}) {
  return S.nodes.paragraph.create(attrs, text ? S.text(text) : null);
}

test("a pasted slice gets fresh ids and only the tags this book knows", () => {
  const tagged = { id: "abc", principles: ["trust", "elsewhere"], audiences: ["leaders", "nobody"] };
  const callout = S.nodes.callout.create({ ...tagged, id: "def", kind: "story", title: "T" }, [paragraph("inside", tagged)]);
  const slice = new Slice(Fragment.from([paragraph("one", tagged), callout]), 1, 0);
  const cleaned = cleanPastedSlice(slice, CONFIG, () => assert.fail("nothing was dropped"));
  assert.equal(cleaned.openStart, 1);
  assert.equal(cleaned.openEnd, 0);
  const [first, second] = [cleaned.content.child(0), cleaned.content.child(1)];
  assert.deepEqual({ ...first.attrs }, { id: null, principles: ["trust"], audiences: ["leaders"] });
  assert.equal(first.textContent, "one");
  assert.deepEqual({ ...second.attrs }, { kind: "story", title: "T", id: null, principles: ["trust"], audiences: ["leaders"] });
  assert.equal(second.child(0).attrs.id, null);
  assert.deepEqual(second.child(0).attrs.principles, ["trust"]);
  // Marks and text stay as they were.
  const bold = new Slice(Fragment.from(S.nodes.paragraph.create(null, S.text("b", [S.mark("strong")]))), 0, 0);
  assert.ok(cleanPastedSlice(bold, CONFIG).content.eq(bold.content));
});

test("images the server would refuse are left out, and the person is told how many", () => {
  const image = (src, alt) => S.nodes.image.create({ src, alt });
  const slice = new Slice(Fragment.from([
    image("https://example.org/a.png", "A chart"),
    image("javascript:alert(1)", "evil"),
    image("data:image/png;base64,AAAA", "inline"),
    image("https://example.org/b.png", "  "),
    image("/static/c.png", "Ours"),
  ]), 0, 0);
  const told = [];
  const cleaned = cleanPastedSlice(slice, CONFIG, (message) => told.push(message));
  assert.deepEqual(cleaned.content.content.map((node) => node.attrs.src), ["https://example.org/a.png", "/static/c.png"]);
  assert.equal(told.length, 1);
  assert.match(told[0], /^3 pasted images left out: images need a web address/);
});

test("a container left empty by a dropped image is filled so the document stays valid", () => {
  const list = S.nodes.bullet_list.create(null, [S.nodes.list_item.create(null, [paragraph("kept")])]);
  const quote = S.nodes.blockquote.create(null, [S.nodes.image.create({ src: "javascript:x", alt: "x" })]);
  const told = [];
  const cleaned = cleanPastedSlice(new Slice(Fragment.from([list, quote]), 0, 0), CONFIG, (message) => told.push(message));
  assert.equal(told.length, 1);
  assert.match(told[0], /^1 pasted image left out/);
  const emptied = cleaned.content.child(1);
  assert.equal(emptied.type.name, "blockquote");
  assert.equal(emptied.childCount, 1);
  assert.equal(emptied.child(0).type.name, "paragraph");
  emptied.check();
  cleaned.content.child(0).check();
});
