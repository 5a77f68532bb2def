// The toolbar: one tab stop (roving tabindex, arrow keys move between controls, Home/End
// jump), every button labelled with its shortcut, aria-pressed on toggles, aria-disabled
// when its command can't run here. Menus follow the WAI-ARIA menu-button pattern.
import { ariaShortcut, keyLabel, SHORTCUTS } from "./keymap.js";
import { CALLOUT_KINDS, calloutLabel } from "./schema.js";
import { findAncestor, markActive } from "./commands.js";
import { t } from "./i18n.js";
import { el } from "./dom.js";


function withShortcut(label, binding) {
  return binding ? `${label} (${keyLabel(binding)})` : label;
}

function isRTL(node) {
  return getComputedStyle(node).direction === "rtl";
}

/** A menu button with a popup list of actions. */
class MenuButton {
  constructor({ label, text, items, onRun }) {
    this.items = items;
    this.onRun = onRun;
    const id = "cb-menu-" + Math.random().toString(36).slice(2, 8);
    this.button = el("button", {
      type: "button", class: "cb-tool cb-tool--menu", "aria-haspopup": "menu", "aria-expanded": "false",
      "aria-controls": id, "aria-label": label, title: label,
    }, [el("span", { "aria-hidden": "true", text }), el("span", { class: "cb-tool__caret", "aria-hidden": "true", text: "▾" })]);
    this.menu = el("ul", { role: "menu", id, class: "cb-menu", "aria-label": label, hidden: true });
    this.entries = items.map((item) => {
      const li = el("li", { role: "menuitem", tabindex: "-1", class: "cb-menu__item", text: item.label });
      if (item.className) li.classList.add(item.className);
      li.addEventListener("click", () => this.activate(item, li));
      li.addEventListener("mousedown", (event) => event.preventDefault());
      this.menu.append(li);
      return { item, li };
    });
    this.wrapper = el("div", { class: "cb-menu-wrap" }, [this.button, this.menu]);
    this.button.addEventListener("click", () => (this.isOpen() ? this.close(true) : this.open(0)));
    this.button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        this.open(0);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        this.open(this.entries.length - 1);
      }
    });
    this.menu.addEventListener("keydown", (event) => this.onKey(event));
    this.menu.addEventListener("focusout", (event) => {
      if (!this.wrapper.contains(event.relatedTarget)) this.close(false);
    });
  }

  isOpen() { return !this.menu.hidden; }

  open(index) {
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

  focusItem(index) {
    const count = this.entries.length;
    const entry = this.entries[((index % count) + count) % count];
    entry.li.focus();
  }

  onKey(event) {
    const index = this.entries.findIndex((e) => e.li === document.activeElement);
    switch (event.key) {
      case "ArrowDown": this.focusItem(index + 1); break;
      case "ArrowUp": this.focusItem(index - 1); break;
      case "Home": this.focusItem(0); break;
      case "End": this.focusItem(this.entries.length - 1); break;
      case "Escape": this.close(true); break;
      case "Tab": this.close(false); return;
      case "Enter": case " ":
        if (index >= 0) this.activate(this.entries[index].item, this.entries[index].li);
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
    let any = false;
    for (const { item, li } of this.entries) {
      const enabled = item.enabled(state);
      any = any || enabled;
      li.setAttribute("aria-disabled", enabled ? "false" : "true");
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
    this.controls = [];
    this.updaters = [];
    this.dom = el("div", { role: "toolbar", class: "cb-toolbar", "aria-label": label, "aria-orientation": "horizontal" });
    this.build();
    this.dom.addEventListener("keydown", (event) => this.onKey(event));
    this.dom.addEventListener("focusin", (event) => {
      const index = this.controls.indexOf(event.target);
      if (index >= 0) this.setCurrent(index);
    });
  }

  group(label) {
    const group = el("div", { role: "group", class: "cb-toolbar__group", "aria-label": label });
    this.dom.append(group);
    return group;
  }

  addControl(node, group, container = node) {
    node.setAttribute("tabindex", this.controls.length === 0 ? "0" : "-1");
    this.controls.push(node);
    group.append(container);
  }

  button(group, { text, label, shortcut, run, active, enabled, keepFocus, className }) {
    const full = withShortcut(label, shortcut);
    const btn = el("button", { type: "button", class: "cb-tool" + (className ? " " + className : ""), "aria-label": full, title: full },
      [el("span", { "aria-hidden": "true", text })]);
    if (shortcut) btn.setAttribute("aria-keyshortcuts", ariaShortcut(shortcut));
    if (active) btn.setAttribute("aria-pressed", "false");
    btn.addEventListener("mousedown", (event) => event.preventDefault()); // keep the editor's selection
    btn.addEventListener("click", () => {
      if (btn.getAttribute("aria-disabled") === "true") return;
      run();
      if (!keepFocus && this.view) this.view.focus();
    });
    this.addControl(btn, group);
    this.updaters.push((state) => {
      const can = enabled ? enabled(state) : true;
      btn.setAttribute("aria-disabled", can ? "false" : "true");
      if (active) btn.setAttribute("aria-pressed", active(state) ? "true" : "false");
    });
    return btn;
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

    // Block type.
    const blockGroup = this.group(t("Text style"));
    const select = el("select", { class: "cb-blocktype", "aria-label": t("Text style"), title: t("Text style") });
    const options = [
      ["paragraph", withShortcut(t("Paragraph"), SHORTCUTS.paragraph)],
      ["h2", withShortcut(t("Heading 2"), SHORTCUTS.heading2)],
      ["h3", withShortcut(t("Heading 3"), SHORTCUTS.heading3)],
      ["h4", withShortcut(t("Heading 4"), SHORTCUTS.heading4)],
    ];
    for (const [value, label] of options) select.append(el("option", { value, text: label }));
    const other = el("option", { value: "", text: t("(other)"), disabled: true, hidden: true });
    select.append(other);
    select.addEventListener("change", () => {
      const value = select.value;
      const command = value === "paragraph" ? c.paragraph : c.heading(Number(value.slice(1)));
      if (this.view) command(this.view.state, this.view.dispatch);
    });
    this.addControl(select, blockGroup);
    this.updaters.push((state) => {
      const { $from, $to } = state.selection;
      let value = "";
      if ($from.sameParent($to) && $from.parent.isTextblock) {
        const node = $from.parent;
        if (node.type === s.nodes.paragraph) value = "paragraph";
        else if (node.type === s.nodes.heading) value = "h" + node.attrs.level;
      }
      select.value = value;
      const can = c.paragraph(state) || [2, 3, 4].some((l) => c.heading(l)(state)) || value !== "";
      select.setAttribute("aria-disabled", can ? "false" : "true");
    });

    // Inline marks.
    const marks = this.group(t("Formatting"));
    this.button(marks, { text: "B", className: "cb-tool--strong", label: t("Bold"), shortcut: SHORTCUTS.strong, run: this.cmd(c.strong), enabled: this.can(c.strong), active: (st) => markActive(st, s.marks.strong) });
    this.button(marks, { text: "I", className: "cb-tool--em", label: t("Italic"), shortcut: SHORTCUTS.em, run: this.cmd(c.em), enabled: this.can(c.em), active: (st) => markActive(st, s.marks.em) });
    this.button(marks, { text: "</>", className: "cb-tool--code", label: t("Code"), shortcut: SHORTCUTS.code, run: this.cmd(c.code), enabled: this.can(c.code), active: (st) => markActive(st, s.marks.code) });
    this.button(marks, {
      text: t("Link"), label: t("Link"), shortcut: SHORTCUTS.link, keepFocus: true,
      run: () => this.ui.openLinkDialog(),
      enabled: (st) => !st.selection.empty || markActive(st, s.marks.link) || st.selection.$from.parent.inlineContent,
      active: (st) => markActive(st, s.marks.link),
    });

    // Lists and quotes.
    const blocks = this.group(t("Lists and quotes"));
    const inList = (type) => (st) => { const found = findAncestor(st, [s.nodes.bullet_list, s.nodes.ordered_list]); return !!found && found.node.type === type; };
    this.button(blocks, { text: "•≡", label: t("Bulleted list"), shortcut: SHORTCUTS.bulletList, run: this.cmd(c.bulletList), enabled: this.can(c.bulletList), active: inList(s.nodes.bullet_list) });
    this.button(blocks, { text: "1≡", label: t("Numbered list"), shortcut: SHORTCUTS.orderedList, run: this.cmd(c.orderedList), enabled: this.can(c.orderedList), active: inList(s.nodes.ordered_list) });
    this.button(blocks, { text: "⇤", label: t("Outdent list item"), shortcut: SHORTCUTS.lift, run: this.cmd(c.lift), enabled: this.can(c.lift) });
    this.button(blocks, { text: "⇥", label: t("Indent list item"), shortcut: SHORTCUTS.sink, run: this.cmd(c.sink), enabled: this.can(c.sink) });
    this.button(blocks, { text: "❝", label: t("Quote"), shortcut: SHORTCUTS.quote, run: this.cmd(c.quote), enabled: this.can(c.quote), active: (st) => !!findAncestor(st, [s.nodes.blockquote]) });

    // Inserting things.
    const insert = this.group(t("Insert"));
    const calloutMenu = new MenuButton({
      label: t("Typed block (barrier, enabler, tool, story, example, reflection)"),
      text: t("Typed block"),
      items: CALLOUT_KINDS.map((kind) => ({
        label: calloutLabel(kind), className: "cb-menu__item--" + kind,
        enabled: (st) => c.callout(kind)(st),
        checked: (st) => { const found = findAncestor(st, [s.nodes.callout]); return !!found && found.node.attrs.kind === kind; },
        run: c.callout(kind),
      })),
      onRun: (item) => this.runAndFocus(item.run),
    });
    calloutMenu.entries.forEach(({ li }) => li.setAttribute("role", "menuitemradio"));
    this.addControl(calloutMenu.button, insert, calloutMenu.wrapper);
    this.updaters.push((st) => calloutMenu.update(st));

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
    const tableMenu = new MenuButton({
      label: t("Table"), text: "▦ " + t("Table"),
      items: tableItems.map(([label, command]) => ({ label, run: command, enabled: (st) => command(st) })),
      onRun: (item) => this.runAndFocus(item.run),
    });
    this.addControl(tableMenu.button, insert, tableMenu.wrapper);
    this.updaters.push((st) => tableMenu.update(st));

    this.button(insert, {
      text: t("Image"), label: t("Image"), keepFocus: true,
      run: () => this.ui.openImageDialog(),
      enabled: (st) => c.insertImage("https://example.org/x.png", "x")(st),
    });
    this.button(insert, { text: "―", label: t("Horizontal rule"), run: this.cmd(c.insertRule), enabled: this.can(c.insertRule) });
    this.button(insert, {
      text: t("Cite"), label: t("Cite a resource"), keepFocus: true,
      run: () => this.ui.openResourceDialog(),
      enabled: (st) => c.insertResourceRef(1, "")(st),
    });

    // History.
    const history = this.group(t("History"));
    this.button(history, { text: "↶", label: t("Undo"), shortcut: SHORTCUTS.undo, run: this.cmd(c.undo), enabled: this.can(c.undo) });
    this.button(history, { text: "↷", label: t("Redo"), shortcut: SHORTCUTS.redo, run: this.cmd(c.redo), enabled: this.can(c.redo) });
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
    const current = this.controls.find((control) => control.getAttribute("tabindex") === "0") || this.controls[0];
    current.focus();
  }

  onKey(event) {
    const index = this.controls.indexOf(event.target);
    if (index < 0) return; // inside an open menu: the menu handles its keys
    const rtl = isRTL(this.dom);
    let next = null;
    if (event.key === (rtl ? "ArrowLeft" : "ArrowRight")) next = index + 1;
    else if (event.key === (rtl ? "ArrowRight" : "ArrowLeft")) next = index - 1;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = this.controls.length - 1;
    else if (event.key === "Escape") {
      event.preventDefault();
      if (this.view) this.view.focus();
      return;
    }
    if (next == null) return;
    event.preventDefault();
    const count = this.controls.length;
    next = ((next % count) + count) % count;
    this.setCurrent(next);
    this.controls[next].focus();
  }

  update(state) {
    for (const update of this.updaters) update(state);
  }
}
