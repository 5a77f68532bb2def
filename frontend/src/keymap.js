// Keyboard shortcuts. "Mod" is Cmd on macOS and Ctrl elsewhere. The toolbar's tooltips,
// aria-keyshortcuts and the keyboard help all read SHORTCUTS below, so they never disagree.
import { chainCommands } from "prosemirror-commands";
import { splitListItem } from "prosemirror-schema-list";
import { goToNextCell } from "prosemirror-tables";

const isMac = typeof navigator !== "undefined" && /Mac|iP(hone|[oa]d)/.test(navigator.platform || "");

/** How a key binding reads to a person on this platform. */
export function keyLabel(binding) {
  return binding.split("-").map((part) => {
    if (part === "Mod") return isMac ? "⌘" : "Ctrl";
    if (part === "Ctrl") return isMac ? "⌃" : "Ctrl";
    if (part === "Shift") return isMac ? "⇧" : "Shift";
    if (part === "Alt") return isMac ? "⌥" : "Alt";
    return part.length === 1 ? part.toUpperCase() : part;
  }).join(isMac ? "" : "+");
}

/** The binding as aria-keyshortcuts wants it ("Control+Shift+8"). */
export function ariaShortcut(binding) {
  const names = { Mod: isMac ? "Meta" : "Control", Ctrl: "Control", Shift: "Shift", Alt: "Alt" };
  return binding.split("-").map((part) => names[part] || (part.length === 1 ? part.toUpperCase() : part)).join("+");
}

export const SHORTCUTS = {
  strong: "Mod-b",
  em: "Mod-i",
  code: "Mod-`",
  link: "Mod-k",
  undo: "Mod-z",
  redo: isMac ? "Shift-Mod-z" : "Mod-y",
  paragraph: "Shift-Ctrl-0",
  heading2: "Shift-Ctrl-2",
  heading3: "Shift-Ctrl-3",
  heading4: "Shift-Ctrl-4",
  bulletList: "Shift-Ctrl-8",
  orderedList: "Shift-Ctrl-9",
  quote: "Ctrl->",
  hardBreak: "Shift-Enter",
  sink: "Mod-]",
  lift: "Mod-[",
  toolbar: "Alt-F10",
  help: "Mod-/",
};

export function buildKeymap(schema, commands, ui) {
  const keys = {
    "Mod-b": commands.strong,
    "Mod-B": commands.strong,
    "Mod-i": commands.em,
    "Mod-I": commands.em,
    "Mod-`": commands.code,
    "Mod-k": (state) => { ui.openLinkDialog(); return true; },
    "Mod-z": commands.undo,
    "Shift-Mod-z": commands.redo,
    "Mod-y": commands.redo,
    "Shift-Ctrl-0": commands.paragraph,
    "Shift-Ctrl-2": commands.heading(2),
    "Shift-Ctrl-3": commands.heading(3),
    "Shift-Ctrl-4": commands.heading(4),
    "Shift-Ctrl-8": commands.bulletList,
    "Shift-Ctrl-9": commands.orderedList,
    "Ctrl->": commands.quote,
    "Mod-Enter": commands.hardBreak,
    "Shift-Enter": commands.hardBreak,
    "Enter": splitListItem(schema.nodes.list_item),
    "Mod-]": commands.sink,
    "Mod-[": commands.lift,
    // Tab moves between cells and indents list items; where it can do neither it is left
    // to the browser, so keyboard users can always Tab out of the editor.
    "Tab": chainCommands(goToNextCell(1), commands.sink),
    "Shift-Tab": chainCommands(goToNextCell(-1), commands.lift),
    "Alt-F10": () => { ui.focusToolbar(); return true; },
    "Mod-/": () => { ui.openShortcutHelp(); return true; },
  };
  if (isMac) keys["Ctrl-Enter"] = commands.hardBreak;
  return keys;
}
