// The keyboard help: every shortcut in one dialog (Ctrl+/ or "More" → "Keyboard
// shortcuts"), read from the same SHORTCUTS the keymap and the tooltips use.
import { keyLabel, SHORTCUTS } from "./keymap.js";
import { t } from "./i18n.js";
import { el } from "./dom.js";

/** Show the shortcuts; extra: [[label, binding]] from parts with keys of their own. */
export function openShortcutHelp(extra = []) {
  const rows = [
    [t("Bold"), SHORTCUTS.strong],
    [t("Italic"), SHORTCUTS.em],
    [t("Code"), SHORTCUTS.code],
    [t("Link"), SHORTCUTS.link],
    [t("Paragraph"), SHORTCUTS.paragraph],
    [t("Heading 2"), SHORTCUTS.heading2],
    [t("Heading 3"), SHORTCUTS.heading3],
    [t("Heading 4"), SHORTCUTS.heading4],
    [t("Bulleted list"), SHORTCUTS.bulletList],
    [t("Numbered list"), SHORTCUTS.orderedList],
    [t("Indent list item"), SHORTCUTS.sink],
    [t("Outdent list item"), SHORTCUTS.lift],
    [t("Quote"), SHORTCUTS.quote],
    [t("Line break"), SHORTCUTS.hardBreak],
    [t("Undo"), SHORTCUTS.undo],
    [t("Redo"), SHORTCUTS.redo],
    ...extra,
    [t("Move to the toolbar (Escape comes back)"), SHORTCUTS.toolbar],
    [t("This list of shortcuts"), SHORTCUTS.help],
  ];
  const titleId = "cb-shortcuts-title";
  const close = el("button", { type: "button", class: "button", text: t("Close") });
  const dialog = el("dialog", { class: "cb-dialog cb-shortcuts", "aria-labelledby": titleId }, [
    el("h2", { id: titleId, text: t("Keyboard shortcuts") }),
    el("table", { class: "cb-shortcuts__table" }, [
      el("thead", {}, [el("tr", {}, [
        el("th", { scope: "col", text: t("Action") }), el("th", { scope: "col", text: t("Keys") }),
      ])]),
      el("tbody", {}, rows.map(([label, binding]) => el("tr", {}, [
        el("th", { scope: "row", text: label }), el("td", {}, [el("kbd", { text: keyLabel(binding) })]),
      ]))),
    ]),
    el("p", { class: "cb-shortcuts__note", text: t("Markdown-style typing also works: ## for a heading, * for a list, 1. for a numbered list, > for a quote.") }),
    el("div", { class: "cb-dialog__buttons" }, [close]),
  ]);
  const returnTo = document.activeElement;
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (returnTo && typeof returnTo.focus === "function") returnTo.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
