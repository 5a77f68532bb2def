// Small modal forms (link, image) on the native <dialog>: it traps focus, closes on
// Escape and is announced as a dialog, with no extra code for any of that.
import { t } from "./i18n.js";
import { el } from "./dom.js";

let counter = 0;


/**
 * Ask for some values. fields: [{name, label, hint?, value?, required?, type?}];
 * validate(values) returns {fieldName: message} for what is wrong. Resolves to the values,
 * to {action: name} for an extra button, or to null when cancelled.
 */
export function askForm({ title, fields, submitLabel, extraButtons = [], validate }) {
  return new Promise((resolve) => {
    const id = "cb-dialog-" + ++counter;
    const dialog = el("dialog", { class: "cb-dialog", "aria-labelledby": id + "-title" });
    const form = el("form", { method: "dialog", class: "form", novalidate: true });
    form.append(el("h2", { id: id + "-title", text: title }));
    const inputs = {};
    for (const field of fields) {
      const inputId = `${id}-${field.name}`;
      const wrap = el("div", { class: "field" });
      wrap.append(el("label", { for: inputId, text: field.label + (field.required ? " " + t("(required)") : "") }));
      let describedBy = "";
      if (field.hint) {
        wrap.append(el("p", { class: "hint", id: inputId + "-hint", text: field.hint }));
        describedBy = inputId + "-hint";
      }
      const input = el("input", {
        id: inputId, name: field.name, type: field.type || "text", value: field.value || "",
        required: !!field.required, autocomplete: "off", spellcheck: field.type === "url" ? "false" : null,
        "aria-describedby": describedBy || null,
      });
      wrap.append(input);
      const error = el("p", { class: "field__error", id: inputId + "-error", hidden: true });
      wrap.append(error);
      inputs[field.name] = { input, error, wrap, describedBy };
      form.append(wrap);
    }
    const buttons = el("div", { class: "cb-dialog__buttons" });
    buttons.append(el("button", { type: "submit", class: "button", value: "submit", text: submitLabel }));
    for (const extra of extraButtons) {
      buttons.append(el("button", { type: "button", class: "button button--secondary", "data-action": extra.name, text: extra.label }));
    }
    buttons.append(el("button", { type: "button", class: "button button--secondary", "data-action": "cancel", text: t("Cancel") }));
    form.append(buttons);
    dialog.append(form);
    document.body.append(dialog);

    let settled = false;
    function finish(result) {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(result);
    }
    function values() {
      const out = {};
      for (const [name, { input }] of Object.entries(inputs)) out[name] = input.value.trim();
      return out;
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const current = values();
      const problems = validate ? validate(current) || {} : {};
      let first = null;
      for (const [name, { input, error, describedBy }] of Object.entries(inputs)) {
        const message = problems[name];
        error.hidden = !message;
        error.textContent = message || "";
        input.toggleAttribute("aria-invalid", !!message);
        if (message) input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", [describedBy, message ? error.id : ""].filter(Boolean).join(" "));
        if (!input.getAttribute("aria-describedby")) input.removeAttribute("aria-describedby");
        if (message && !first) first = input;
      }
      if (first) { first.focus(); return; }
      finish(current);
    });
    buttons.addEventListener("click", (event) => {
      const action = event.target.closest("button[data-action]");
      if (!action) return;
      finish(action.dataset.action === "cancel" ? null : { action: action.dataset.action });
    });
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); finish(null); });
    dialog.showModal();
    const firstInput = Object.values(inputs)[0];
    if (firstInput) { firstInput.input.focus(); firstInput.input.select(); }
  });
}
