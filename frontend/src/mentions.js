// @mentions in a comment box: suggestions as you type "@gr", from the people who may read
// the comments here (a listbox under the box: arrow keys or the mouse to pick, Enter or Tab
// to take, Escape to close; the box points at the active option with
// aria-activedescendant), and, before posting, a line saying who will be told and which
// @names match nobody. The server decides who is told (cbook/review/inbox.py); this line
// asks it, so what it says is what will happen.
import { t } from "./i18n.js";
import { el } from "./dom.js";

const MAX_SUGGESTIONS = 6;
const RESOLVE_WAIT = 300; // ms of quiet typing before asking who would be told

let counter = 0;

/** Text folded for matching: no case, no accents. */
export function plain(text) {
  return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** "A", "A and B", "A, B and C" in the page's language. */
export function listNames(names) {
  try {
    return new Intl.ListFormat(document.documentElement.lang || undefined, { type: "conjunction" }).format(names);
  } catch (_error) {
    return names.join(", ");
  }
}

/** The "@query" just before the caret, if the caret is in one: {start, query}. */
export function queryAt(text, caret) {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0 || (at > 0 && /[\w@]/.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  // A name has at most three words and no line break; past that it is just text.
  if (/\n/.test(query) || query.split(" ").length > 3 || query.startsWith(" ")) return null;
  return { start: at, query };
}

/** The people whose name (any word of it) or address starts with the query. */
export function suggest(people, query) {
  const wanted = plain(query).trim();
  const scored = [];
  for (const person of people) {
    const name = plain(person.name);
    const handle = plain(person.handle);
    let rank = -1;
    if (!wanted) rank = 2;
    else if (name.startsWith(wanted)) rank = 0;
    else if (name.split(/\s+/).some((word) => word.startsWith(wanted)) || handle.startsWith(wanted)) rank = 1;
    if (rank >= 0) scored.push([rank, person]);
  }
  scored.sort((a, b) => a[0] - b[0] || String(a[1].name).localeCompare(String(b[1].name)));
  return scored.slice(0, MAX_SUGGESTIONS).map(([, person]) => person);
}

/** What the server said a text's mentions would do, in words ("" when it mentions no one). */
export function toldLine(answer) {
  if (!answer) return "";
  const parts = [];
  const people = (answer.people || []).map((person) => person.name);
  if (people.length) parts.push(t("{names} will be told.", { names: listNames(people) }));
  if ((answer.unknown || []).length) {
    parts.push(t("No one who can read this is called {names}: they will not be told.", { names: listNames(answer.unknown) }));
  }
  if ((answer.ambiguous || []).length) {
    parts.push(t("{names} could be more than one person: write the whole name.", { names: listNames(answer.ambiguous) }));
  }
  return parts.join(" ");
}

export class Mentions {
  /**
   * input: the textarea or input; people(): a promise of [{id, name, handle}];
   * resolve(text): a promise of {people, unknown, ambiguous}.
   */
  constructor(input, { people, resolve }) {
    this.input = input;
    this.loadPeople = people;
    this.resolve = resolve;
    this.people = null;
    this.options = [];
    this.active = -1;
    this.range = null;
    this.timer = null;
    this.asked = 0;
    const id = "cb-mentions-" + ++counter;
    this.list = el("ul", { class: "cb-mentions", id: id + "-list", role: "listbox", "aria-label": t("People to mention"), hidden: true });
    this.told = el("p", { class: "cb-mentions__told", id: id + "-told", "aria-live": "polite", "data-testid": "mentions-told" });
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    const described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", [described, this.told.id].filter(Boolean).join(" "));
    input.after(this.list, this.told);
    input.addEventListener("input", () => { this.refresh(); this.scheduleResolve(); });
    input.addEventListener("keydown", (event) => this.keydown(event));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    this.list.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the box
    this.list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  async refresh() {
    const found = queryAt(this.input.value, this.input.selectionStart ?? this.input.value.length);
    if (!found) { this.close(); return; }
    if (!this.people) {
      try { this.people = await this.loadPeople(); } catch (_error) { this.people = []; }
    }
    const again = queryAt(this.input.value, this.input.selectionStart ?? this.input.value.length);
    if (!again) { this.close(); return; }
    this.range = { start: again.start, end: again.start + 1 + again.query.length };
    const people = suggest(this.people, again.query);
    // Nobody matches and the writer has moved past the name: the list has nothing to offer
    // (the line under the box says the name matched no one).
    if (!people.length && /\s/.test(again.query)) { this.close(); return; }
    this.show(people, again.query);
  }

  show(people, query) {
    this.options = people;
    if (!people.length) {
      // Say so while typing, not only after posting.
      this.list.replaceChildren(el("li", { class: "cb-mentions__none", role: "option", "aria-disabled": "true", id: this.list.id + "-none",
        text: t("No one who can read this matches “{query}”", { query }) }));
      this.active = -1;
    } else {
      this.list.replaceChildren(...people.map((person, index) => el("li", {
        role: "option", id: `${this.list.id}-${index}`, class: "cb-mentions__option", "data-index": String(index),
        "aria-selected": "false",
      }, [el("span", { class: "cb-mentions__name", text: person.name }), " ", el("span", { class: "cb-mentions__handle", text: "@" + person.handle })])));
      this.active = Math.min(Math.max(this.active, 0), people.length - 1);
    }
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.highlight();
  }

  highlight() {
    [...this.list.querySelectorAll(".cb-mentions__option")].forEach((option, index) => {
      const on = index === this.active;
      option.setAttribute("aria-selected", on ? "true" : "false");
      option.classList.toggle("cb-mentions__option--active", on);
    });
    if (this.active >= 0) this.input.setAttribute("aria-activedescendant", `${this.list.id}-${this.active}`);
    else this.input.removeAttribute("aria-activedescendant");
  }

  close() {
    if (this.list.hidden) return;
    this.list.hidden = true;
    this.options = [];
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  keydown(event) {
    if (this.list.hidden) return;
    const count = this.options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      this.active = (this.active + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
      this.highlight();
    } else if ((event.key === "Enter" || event.key === "Tab") && this.active >= 0) {
      event.preventDefault();
      event.stopPropagation();
      this.choose(this.active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      this.close();
    }
  }

  choose(index) {
    const person = this.options[index];
    if (!person || !this.range) return;
    const value = this.input.value;
    const inserted = "@" + person.name + " ";
    this.input.value = value.slice(0, this.range.start) + inserted + value.slice(this.range.end).replace(/^ /, "");
    const caret = this.range.start + inserted.length;
    this.input.setSelectionRange(caret, caret);
    this.close();
    this.input.focus();
    this.scheduleResolve(0);
  }

  scheduleResolve(wait = RESOLVE_WAIT) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), wait);
  }

  /** Ask the server who the text as it stands would tell. */
  async check() {
    const text = this.input.value;
    const ask = ++this.asked;
    if (!text.includes("@")) { this.told.textContent = ""; return null; }
    try {
      const answer = await this.resolve(text);
      if (ask === this.asked) this.told.textContent = toldLine(answer);
      return answer;
    } catch (_error) {
      if (ask === this.asked) this.told.textContent = "";
      return null;
    }
  }

  /** Clear the line (after the comment was posted). */
  reset() {
    clearTimeout(this.timer);
    this.asked++;
    this.told.textContent = "";
    this.close();
  }
}
