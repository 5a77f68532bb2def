// The collab client (src/collab.js) against an in-memory authority (test/authority.js):
// its real long-poll and send loops, prosemirror-collab's rebase, real schema and steps.
// Steps from the server arriving while this tab's are unconfirmed, 409 answers with and
// without the missed steps, a refused step (resync), and two tabs typing at once.
import { afterEach, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { getVersion, sendableSteps } from "prosemirror-collab";
import { Transform } from "prosemirror-transform";
import { Connection } from "../src/collab.js";
import { Authority, ENDPOINTS, fakeEditor } from "./authority.js";
import { docOf, schema } from "./support.js";

const START = docOf("Hello world.").toJSON();
const started = [];
let realFetch;

beforeEach(() => {
  realFetch = globalThis.fetch;
  // What collab.js reads of the page: the address (steps URLs) and its events.
  globalThis.window = { location: { href: "http://editor.test/sections/1/edit" }, addEventListener() {} };
});

afterEach(() => {
  for (const connection of started.splice(0)) connection.stop();
  globalThis.fetch = realFetch;
  delete globalThis.window;
});

/** A tab editing the authority's document: its Connection started, as main.js does it. */
function openTab(authority, clientID, version = authority.version) {
  const page = fakeEditor(schema, authority.doc.toJSON(), version, clientID);
  const connection = new Connection({
    view: page.view, config: { endpoints: ENDPOINTS, csrfToken: "token" }, schema,
    status: page.status, presence: page.presence, notices: page.noticesView,
    drafts: page.drafts, makeState: page.makeState,
  });
  page.connection = connection;
  connection.start();
  started.push(connection);
  return { ...page, connection };
}

function type(tab, pos, text) {
  tab.view.dispatch(tab.view.state.tr.insertText(text, pos));
}

/** Someone else's edit, committed straight into the authority. */
function remoteInsert(authority, pos, text) {
  const tr = new Transform(authority.doc).insert(pos, schema.text(text));
  authority.commit(tr.steps, "someone-else");
}

async function until(what, predicate, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const settled = (tab, authority) => () => !sendableSteps(tab.view.state) && !tab.connection.sending
  && getVersion(tab.view.state) === authority.version;

test("steps from the server arriving while ours are unconfirmed are rebased under them", async () => {
  const authority = new Authority(schema, START);
  globalThis.fetch = authority.fetch;
  let release;
  authority.postGate = new Promise((resolve) => { release = resolve; });
  const tab = openTab(authority, "tab");
  type(tab, 6, " dear"); // "Hello dear world."
  await until("the POST to be on its way", () => tab.connection.sending);

  remoteInsert(authority, 1, "Oh, "); // committed while ours waits at the gate
  await until("the long-poll to bring the step", () => getVersion(tab.view.state) === 1);
  assert.equal(tab.view.state.doc.textContent, "Oh, Hello dear world.");
  const unconfirmed = sendableSteps(tab.view.state);
  assert.equal(unconfirmed.version, 1);
  assert.equal(unconfirmed.steps.length, 1);
  assert.equal(unconfirmed.steps[0].toJSON().from, 10, "our step was rebased over theirs");

  const released = Date.now();
  release(); // the POST made at version 0 is refused; the rebased step is sent again
  authority.postGate = null;
  await until("the tab to settle", settled(tab, authority));
  assert.deepEqual(authority.posts.map((post) => [post.version, post.status]), [[0, 409], [1, 200]]);
  // The poll had already brought what the 409 was about: the resend goes at once, not
  // after the half-second-or-more back-off meant for a server that tells us nothing.
  assert.ok(Date.now() - released < 400, `resent after ${Date.now() - released} ms`);
  assert.equal(authority.doc.textContent, "Oh, Hello dear world.");
  assert.ok(tab.view.state.doc.eq(authority.doc));
  assert.equal(tab.connection.statusValue(), "saved");
});

test("a 409 carrying the missed steps rebases and resends at once", async () => {
  const authority = new Authority(schema, START);
  globalThis.fetch = authority.fetch;
  authority.holdPolls = true; // the long-poll never answers: only the 409 can tell us
  const tab = openTab(authority, "tab");
  remoteInsert(authority, 13, " Bye."); // "Hello world. Bye." (inside the paragraph)
  type(tab, 1, "Well, ");
  await until("the tab to settle", settled(tab, authority));
  assert.deepEqual(authority.posts.map((post) => [post.version, post.status]), [[0, 409], [1, 200]]);
  assert.equal(authority.doc.textContent, "Well, Hello world. Bye.");
  assert.ok(tab.view.state.doc.eq(authority.doc));
});

test("a 409 without the steps fetches them (no wait) before resending", async () => {
  const authority = new Authority(schema, START);
  globalThis.fetch = authority.fetch;
  authority.holdPolls = true;
  authority.stepsIn409 = false;
  const tab = openTab(authority, "tab");
  remoteInsert(authority, 1, "So: ");
  type(tab, 13, " Yes.");
  await until("the tab to settle", settled(tab, authority));
  assert.deepEqual(authority.posts.map((post) => [post.version, post.status]), [[0, 409], [1, 200]]);
  assert.equal(authority.doc.textContent, "So: Hello world. Yes.");
  assert.ok(tab.view.state.doc.eq(authority.doc));
});

test("a refused step is dropped: the tab reloads the section and says what was lost", async () => {
  const authority = new Authority(schema, START);
  globalThis.fetch = authority.fetch;
  remoteInsert(authority, 1, "Hi. ");
  const tab = openTab(authority, "tab");
  authority.refuse = (json) => (JSON.stringify(json).includes("forbidden") ? "a word the server refuses" : null);
  type(tab, 5, "forbidden ");
  await until("the resync", () => tab.notices.length > 0 && !tab.connection.resyncing);
  assert.equal(sendableSteps(tab.view.state), null, "the refused step is gone");
  assert.equal(getVersion(tab.view.state), 1);
  assert.ok(tab.view.state.doc.eq(authority.doc));
  assert.equal(tab.view.state.doc.textContent, "Hi. Hello world.");
  assert.match(tab.notices[0], /^error: .*refused by the server \(invalid steps: a word the server refuses\)/);
  assert.match(tab.notices[0], /1 unsaved change was dropped\./);
  assert.equal(tab.connection.statusValue(), "error");
  // The tab goes on from the reloaded version: its next edit is accepted.
  authority.refuse = null;
  type(tab, 1, "Well. ");
  await until("the next edit to be saved", settled(tab, authority));
  assert.equal(authority.doc.textContent, "Well. Hi. Hello world.");
  assert.equal(tab.connection.statusValue(), "saved");
});

test("an unknown version on the long-poll resyncs from the section", async () => {
  const authority = new Authority(schema, START);
  globalThis.fetch = authority.fetch;
  remoteInsert(authority, 1, "A ");
  remoteInsert(authority, 1, "B ");
  // The tab believes in version 5, which the server never had (a restored backup).
  const page = openTab(authority, "tab", 5);
  await until("the resync", () => getVersion(page.view.state) === 2 && !page.connection.resyncing);
  assert.ok(page.view.state.doc.eq(authority.doc));
  assert.match(page.notices[0], /could not give the changes since version 5/);
});

test("two tabs typing at once converge on the server's document", async () => {
  const authority = new Authority(schema, START);
  globalThis.fetch = authority.fetch;
  const one = openTab(authority, "one");
  const two = openTab(authority, "two");
  for (let i = 0; i < 10; i++) {
    type(one, 1, `a${i} `);
    type(two, two.view.state.doc.content.size - 1, ` b${i}`);
    await new Promise((resolve) => setTimeout(resolve, i % 3));
  }
  await until("both tabs to settle", () => settled(one, authority)() && settled(two, authority)());
  assert.ok(one.view.state.doc.eq(authority.doc));
  assert.ok(two.view.state.doc.eq(authority.doc));
  const text = authority.doc.textContent;
  for (let i = 0; i < 10; i++) {
    assert.ok(text.includes(`a${i} `) && text.includes(` b${i}`), `both tabs' words are kept: ${text}`);
  }
  assert.ok(text.startsWith("a9 a8"), text);
  assert.ok(text.endsWith("b8 b9"), text);
  assert.equal(authority.steps.length, 20);
});
