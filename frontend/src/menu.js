// The toolbar: one row, one tab stop (roving tabindex, arrow keys move between controls,
// Home/End jump). Names are plain ("Bold"); shortcuts are in each control's tooltip, its
// aria-keyshortcuts and the keyboard help. What does not fit the row moves, least used
// first, into the "More" menu, which always ends with the keyboard help. Menus follow
// the WAI-ARIA menu-button pattern (arrows, Home/End, Escape back to their button).
import { ariaShortcut, keyLabel, SHORTCUTS } from "./keymap.js";
import { CALLOUT_KINDS, calloutLabel } from "./schema.js";
import { findAncestor, markActive } from "./commands.js";
import { t } from "./i18n.js";
import { el } from "./dom.js";
import { icon } from "./icons.js";

function withShortcut(label, binding) {
  return binding ? `${label} (${keyLabel(binding)})` : label;
}

function isRTL(node) {
  return getComputedStyle(node).direction === "rtl";
}

let menuCounter = 0;

/**
 * A menu button with a popup list of actions. items: [{label, run, enabled(state),
 * checked?(state), radio?, shortcut?, swatch?, group?}]; consecutive items with the same
 * `group` label are gathered under it.
 */
export class MenuButton {
  constructor({ label, text, items, onRun, className }) {
    this.onRun = onRun;
    this.label = label;
    const id = "cb-menu-" + ++menuCounter;
    this.button = el("button", {
      type: "button", class: "cb-tool cb-tool--menu" + (className ? " " + className : ""),
      "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": id, "aria-label": label, title: label,
    }, [el("span", { "aria-hidden": "true", text }), el("span", { class: "cb-tool__caret", "aria-hidden": "true", text: "▾" })]);
    this.menu = el("ul", { role: "menu", id, class: "cb-menu", "aria-label": label, hidden: true });
    this.wrapper = el("div", { class: "cb-menu-wrap" }, [this.button, this.menu]);
    this.state = null;
    this.setItems(items);
    this.button.addEventListener("click", () => (this.isOpen() ? this.close(true) : this.open(0)));
    this.button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        this.open(0);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        this.open(-1);
      }
    });
    this.menu.addEventListener("keydown", (event) => this.onKey(event));
    this.menu.addEventListener("focusout", (event) => {
      if (!this.wrapper.contains(event.relatedTarget)) this.close(false);
    });
  }

  setItems(items) {
    this.items = items;
    this.menu.replaceChildren();
    this.entries = [];
    let list = this.menu;
    let group = null;
    for (const item of items) {
      if ((item.group || null) !== group) {
        group = item.group || null;
        if (group) {
          // A labelled group: its heading is for the eye, the group's name for the ear.
          const inner = el("ul", { role: "group", class: "cb-menu__group", "aria-label": group });
          this.menu.append(el("li", { role: "none", class: "cb-menu__section" }, [
            el("span", { class: "cb-menu__heading", "aria-hidden": "true", text: group }), inner,
          ]));
          list = inner;
        } else {
          list = this.menu;
        }
      }
      const role = item.radio ? "menuitemradio" : item.checked ? "menuitemcheckbox" : "menuitem";
      const li = el("li", { role, tabindex: "-1", class: "cb-menu__item" }, [
        el("span", { class: "cb-menu__check", "aria-hidden": "true" }),
        item.swatch ? el("span", { class: `cb-swatch cb-swatch--${item.swatch}`, "aria-hidden": "true" }) : null,
        el("span", { class: "cb-menu__label", text: item.label }),
        item.shortcut ? el("kbd", { class: "cb-menu__key", "aria-hidden": "true", text: keyLabel(item.shortcut) }) : null,
      ]);
      if (item.shortcut) li.setAttribute("aria-keyshortcuts", ariaShortcut(item.shortcut));
      if (item.testId) li.setAttribute("data-testid", item.testId);
      li.addEventListener("click", () => this.activate(item, li));
      li.addEventListener("mousedown", (event) => event.preventDefault());
      list.append(li);
      this.entries.push({ item, li });
    }
    if (this.state) this.update(this.state);
  }

  isOpen() { return !this.menu.hidden; }

  open(index) {
    if (!this.entries.length) return;
    this.menu.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    this.focusItem(index);
  }

  close(focusButton) {
    if (!this.isOpen()) return;
    this.menu.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    if (focusButton) this.button.focus();
  }

  shown() {
    return this.entries.filter((e) => !e.li.hidden);
  }

  focusItem(index) {
    const shown = this.shown();
    const count = shown.length;
    if (count) shown[((index % count) + count) % count].li.focus();
  }

  onKey(event) {
    const shown = this.shown();
    const index = shown.findIndex((e) => e.li === document.activeElement);
    switch (event.key) {
      case "ArrowDown": this.focusItem(index + 1); break;
      case "ArrowUp": this.focusItem(index - 1); break;
      case "Home": this.focusItem(0); break;
      case "End": this.focusItem(shown.length - 1); break;
      case "Escape": this.close(true); break;
      case "Tab": this.close(false); return;
      case "Enter": case " ":
        if (index >= 0) this.activate(shown[index].item, shown[index].li);
        break;
      default: return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  activate(item, li) {
    if (li.getAttribute("aria-disabled") === "true") return;
    this.close(false);
    this.onRun(item);
  }

  update(state) {
    this.state = state;
    let any = false;
    for (const { item, li } of this.entries) {
      const enabled = item.enabled ? item.enabled(state) : true;
      any = any || enabled;
      li.setAttribute("aria-disabled", enabled ? "false" : "true");
      // Table row and column actions only mean something inside a table.
      if (item.contextual) li.hidden = !enabled;
      if (item.checked) li.setAttribute("aria-checked", item.checked(state) ? "true" : "false");
    }
    this.button.setAttribute("aria-disabled", any ? "false" : "true");
  }
}

export class Toolbar {
  constructor({ schema, commands, ui, label }) {
    this.schema = schema;
    this.commands = commands;
    this.ui = ui;
    this.view = null;
    this.controls = []; // every focusable control, in order
    this.slots = []; // {container, group, priority, overflow(): items}
    this.updaters = [];
    this.dom = el("div", { role: "toolbar", class: "cb-toolbar", "aria-label": label, "aria-orientation": "horizontal" });
    this.build();
    this.dom.addEventListener("keydown", (event) => this.onKey(event));
    this.dom.addEventListener("focusin", (event) => {
      const index = this.controls.indexOf(event.target);
      if (index >= 0) this.setCurrent(index);
    });
    if (typeof ResizeObserver !== "undefined") {
      let queued = false;
      let width = -1;
      new ResizeObserver(() => {
        if (queued || this.dom.clientWidth === width) return;
        queued = true;
        requestAnimationFrame(() => { queued = false; width = this.dom.clientWidth; this.relayout(); });
      }).observe(this.dom);
    }
  }

  group(label) {
    const group = el("div", { role: "group", class: "cb-toolbar__group", "aria-label": label });
    this.dom.append(group);
    return group;
  }

  /** priority: the higher, the longer it stays on the row (Infinity: always). */
  addControl(node, group, container = node, { priority = Infinity, overflow = null } = {}) {
    node.setAttribute("tabindex", this.controls.length === 0 ? "0" : "-1");
    this.controls.push(node);
    group.append(container);
    this.slots.push({ container, group, priority, overflow });
  }

  button(group, { text, glyph, label, shortcut, run, active, enabled, keepFocus, className, priority }) {
    const face = el("span", { "aria-hidden": "true", text });
    if (glyph) face.append(icon(glyph));
    const btn = el("button", {
      type: "button", class: "cb-tool" + (className ? " " + className : ""),
      "aria-label": label, title: withShortcut(label, shortcut),
    }, [face]);
    if (shortcut) btn.setAttribute("aria-keyshortcuts", ariaShortcut(shortcut));
    if (active) btn.setAttribute("aria-pressed", "false");
    btn.addEventListener("mousedown", (event) => event.preventDefault()); // keep the editor's selection
    btn.addEventListener("click", () => {
      if (btn.getAttribute("aria-disabled") === "true") return;
      run();
      if (!keepFocus && this.view) this.view.focus();
    });
    const item = { label, shortcut, group: group.getAttribute("aria-label"), run: () => { run(); if (!keepFocus && this.view) this.view.focus(); },
      enabled: enabled || (() => true), checked: active || null };
    this.addControl(btn, group, btn, { priority, overflow: () => [item] });
    this.updaters.push((state) => {
      const can = enabled ? enabled(state) : true;
      btn.setAttribute("aria-disabled", can ? "false" : "true");
      if (active) btn.setAttribute("aria-pressed", active(state) ? "true" : "false");
    });
    return btn;
  }

  menuButton(group, { label, text, items, priority, radio }) {
    const menu = new MenuButton({ label, text, items, onRun: (item) => this.runAndFocus(item.run) });
    this.addControl(menu.button, group, menu.wrapper, {
      priority, overflow: () => items.map((item) => ({ ...item, group: label, radio, run: () => this.runAndFocus(item.run) })),
    });
    this.updaters.push((st) => menu.update(st));
    return menu;
  }

  cmd(command) {
    return () => { if (this.view) command(this.view.state, this.view.dispatch, this.view); };
  }

  can(command) {
    return (state) => command(state);
  }

  build() {
    const s = this.schema;
    const c = this.commands;

    // Block type: plain names; the shortcuts are in the tooltip and the keyboard help.
    const blockGroup = this.group(t("Text style"));
    const styles = [
      ["paragraph", t("Paragraph"), SHORTCUTS.paragraph, c.paragraph],
      ["h2", t("Heading 2"), SHORTCUTS.heading2, c.heading(2)],
      ["h3", t("Heading 3"), SHORTCUTS.heading3, c.heading(3)],
      ["h4", t("Heading 4"), SHORTCUTS.heading4, c.heading(4)],
    ];
    const styleTip = t("Text style") + ": " + styles.map(([, label, key]) => `${label} ${keyLabel(key)}`).join(" · ");
    const select = el("select", { class: "cb-blocktype", "aria-label": t("Text style"), title: styleTip,
      "aria-keyshortcuts": styles.map(([, , key]) => ariaShortcut(key)).join(" ") });
    for (const [value, label] of styles) select.append(el("option", { value, text: label }));
    const other = el("option", { value: "", text: t("(other)"), disabled: true, hidden: true });
    select.append(other);
    select.addEventListener("change", () => {
      const value = select.value;
      const command = value === "paragraph" ? c.paragraph : c.heading(Number(value.slice(1)));
      if (this.view) command(this.view.state, this.view.dispatch);
    });
    const styleOf = (state) => {
      const { $from, $to } = state.selection;
      if (!$from.sameParent($to) || !$from.parent.isTextblock) return "";
      const node = $from.parent;
      if (node.type === s.nodes.paragraph) return "paragraph";
      if (node.type === s.nodes.heading) return "h" + node.attrs.level;
      return "";
    };
    this.addControl(select, blockGroup, select, {
      priority: 60,
      overflow: () => styles.map(([value, label, shortcut, command]) => ({
        label, shortcut, group: t("Text style"), radio: true,
        run: () => this.runAndFocus(command), enabled: (st) => command(st) || styleOf(st) === value,
        checked: (st) => styleOf(st) === value,
      })),
    });
    this.updaters.push((state) => {
      const value = styleOf(state);
      select.value = value;
      const can = c.paragraph(state) || [2, 3, 4].some((l) => c.heading(l)(state)) || value !== "";
      select.setAttribute("aria-disabled", can ? "false" : "true");
    });

    // Inline marks.
    const marks = this.group(t("Formatting"));
    this.button(marks, { priority: 95, text: "B", className: "cb-tool--strong", label: t("Bold"), shortcut: SHORTCUTS.strong, run: this.cmd(c.strong), enabled: this.can(c.strong), active: (st) => markActive(st, s.marks.strong) });
    this.button(marks, { priority: 94, text: "I", className: "cb-tool--em", label: t("Italic"), shortcut: SHORTCUTS.em, run: this.cmd(c.em), enabled: this.can(c.em), active: (st) => markActive(st, s.marks.em) });
    this.button(marks, { priority: 30, text: "</>", className: "cb-tool--code", label: t("Code"), shortcut: SHORTCUTS.code, run: this.cmd(c.code), enabled: this.can(c.code), active: (st) => markActive(st, s.marks.code) });
    this.button(marks, {
      priority: 90, text: t("Link"), label: t("Link"), shortcut: SHORTCUTS.link, keepFocus: true,
      run: () => this.ui.openLinkDialog(),
      enabled: (st) => !st.selection.empty || markActive(st, s.marks.link) || st.selection.$from.parent.inlineContent,
      active: (st) => markActive(st, s.marks.link),
    });

    // Lists and quotes.
    const blocks = this.group(t("Lists and quotes"));
    const inList = (type) => (st) => { const found = findAncestor(st, [s.nodes.bullet_list, s.nodes.ordered_list]); return !!found && found.node.type === type; };
    this.button(blocks, { priority: 80, glyph: "bulletList", className: "cb-tool--mirror-text", label: t("Bulleted list"), shortcut: SHORTCUTS.bulletList, run: this.cmd(c.bulletList), enabled: this.can(c.bulletList), active: inList(s.nodes.bullet_list) });
    this.button(blocks, { priority: 79, glyph: "orderedList", label: t("Numbered list"), shortcut: SHORTCUTS.orderedList, run: this.cmd(c.orderedList), enabled: this.can(c.orderedList), active: inList(s.nodes.ordered_list) });
    this.button(blocks, { priority: 20, text: "⇤", className: "cb-tool--mirror-text", label: t("Outdent list item"), shortcut: SHORTCUTS.lift, run: this.cmd(c.lift), enabled: this.can(c.lift) });
    this.button(blocks, { priority: 21, text: "⇥", className: "cb-tool--mirror-text", label: t("Indent list item"), shortcut: SHORTCUTS.sink, run: this.cmd(c.sink), enabled: this.can(c.sink) });
    this.button(blocks, { priority: 50, text: "❝", label: t("Quote"), shortcut: SHORTCUTS.quote, run: this.cmd(c.quote), enabled: this.can(c.quote), active: (st) => !!findAncestor(st, [s.nodes.blockquote]) });

    // Inserting things.
    const insert = this.group(t("Insert"));
    this.menuButton(insert, {
      priority: 75, radio: true,
      label: t("Typed block"), text: t("Typed block"),
      items: CALLOUT_KINDS.map((kind) => ({
        label: calloutLabel(kind), swatch: kind, radio: true,
        enabled: (st) => c.callout(kind)(st),
        checked: (st) => { const found = findAncestor(st, [s.nodes.callout]); return !!found && found.node.attrs.kind === kind; },
        run: c.callout(kind),
      })),
    });
    const tableItems = [
      [t("Insert table (3 × 3)"), c.insertTable],
      [t("Add row above"), c.addRowBefore],
      [t("Add row below"), c.addRowAfter],
      [t("Add column before"), c.addColumnBefore],
      [t("Add column after"), c.addColumnAfter],
      [t("Delete row"), c.deleteRow],
      [t("Delete column"), c.deleteColumn],
      [t("Header row on/off"), c.toggleHeaderRow],
      [t("Delete table"), c.deleteTable],
    ];
    this.menuButton(insert, {
      priority: 55, label: t("Table"), text: "▦ " + t("Table"),
      items: tableItems.map(([label, command], i) => ({ label, run: command, enabled: (st) => command(st), contextual: i > 0 })),
    });
    this.button(insert, {
      priority: 45, text: t("Image"), label: t("Image"), keepFocus: true,
      run: () => this.ui.openImageDialog(),
      enabled: (st) => c.insertImage("https://example.org/x.png", "x")(st),
    });
    this.button(insert, { priority: 10, text: "―", label: t("Horizontal rule"), run: this.cmd(c.insertRule), enabled: this.can(c.insertRule) });
    this.button(insert, {
      priority: 70, text: t("Cite"), label: t("Cite a resource"), keepFocus: true,
      run: () => this.ui.openResourceDialog(),
      enabled: (st) => c.insertResourceRef(1, "")(st),
    });

    // What did not fit, then the keyboard help: always there, so always reachable.
    const moreGroup = this.group(t("More"));
    moreGroup.classList.add("cb-toolbar__group--more");
    this.more = new MenuButton({ label: t("More tools"), text: t("More"), items: [], onRun: (item) => item.run() });
    this.more.button.setAttribute("data-testid", "toolbar-more");
    this.addControl(this.more.button, moreGroup, this.more.wrapper);
    this.updaters.push((st) => this.more.update(st));

    // History.
    const history = this.group(t("History"));
    this.button(history, { text: "↶", className: "cb-tool--mirror-ui", label: t("Undo"), shortcut: SHORTCUTS.undo, run: this.cmd(c.undo), enabled: this.can(c.undo) });
    this.button(history, { text: "↷", className: "cb-tool--mirror-ui", label: t("Redo"), shortcut: SHORTCUTS.redo, run: this.cmd(c.redo), enabled: this.can(c.redo) });
    this.fillMore([]);
  }

  fillMore(overflowed) {
    const items = overflowed.flatMap((slot) => slot.overflow());
    items.push({ label: t("Keyboard shortcuts"), shortcut: SHORTCUTS.help, group: t("Help"),
      run: () => this.ui.openShortcutHelp(), testId: "shortcut-help" });
    this.more.setItems(items);
    this.more.button.classList.toggle("cb-tool--more-filled", overflowed.length > 0);
  }

  /** Fit the row: hide the least used controls until the rest fit; they go to More. */
  relayout() {
    const box = this.dom.getBoundingClientRect();
    if (!box.width) return;
    for (const slot of this.slots) slot.container.hidden = false;
    for (const group of this.dom.children) group.hidden = false;
    const fits = () => {
      const row = this.dom.getBoundingClientRect();
      return this.slots.every(({ container }) => {
        if (container.closest("[hidden]")) return true;
        const rect = container.getBoundingClientRect();
        return rect.left >= row.left - 1 && rect.right <= row.right + 1;
      });
    };
    const overflowed = [];
    const candidates = this.slots.filter((s) => s.overflow && s.priority !== Infinity)
      .sort((a, b) => a.priority - b.priority);
    for (const slot of candidates) {
      if (fits()) break;
      slot.container.hidden = true;
      overflowed.push(slot);
      if ([...slot.group.children].every((child) => child.hidden)) slot.group.hidden = true;
    }
    overflowed.sort((a, b) => this.slots.indexOf(a) - this.slots.indexOf(b));
    this.fillMore(overflowed);
    const current = this.controls.find((control) => control.getAttribute("tabindex") === "0");
    if (!current || current.closest("[hidden]")) this.setCurrent(this.controls.indexOf(this.visibleControls()[0]));
  }

  visibleControls() {
    return this.controls.filter((control) => !control.closest("[hidden]"));
  }

  runAndFocus(command) {
    if (!this.view) return;
    command(this.view.state, this.view.dispatch, this.view);
    this.view.focus();
  }

  setCurrent(index) {
    this.controls.forEach((control, i) => control.setAttribute("tabindex", i === index ? "0" : "-1"));
  }

  focus() {
    const visible = this.visibleControls();
    const current = visible.find((control) => control.getAttribute("tabindex") === "0") || visible[0];
    current.focus();
  }

  onKey(event) {
    const visible = this.visibleControls();
    const index = visible.indexOf(event.target);
    if (index < 0) return; // inside an open menu: the menu handles its keys
    const rtl = isRTL(this.dom);
    let next = null;
    if (event.key === (rtl ? "ArrowLeft" : "ArrowRight")) next = index + 1;
    else if (event.key === (rtl ? "ArrowRight" : "ArrowLeft")) next = index - 1;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = visible.length - 1;
    else if (event.key === "Escape") {
      event.preventDefault();
      if (this.view) this.view.focus();
      return;
    }
    if (next == null) return;
    event.preventDefault();
    const count = visible.length;
    const target = visible[((next % count) + count) % count];
    this.setCurrent(this.controls.indexOf(target));
    target.focus();
  }

  update(state) {
    for (const update of this.updaters) update(state);
  }
}
