// The save status (a polite live region with a machine-readable data-status) and the
// notices that must stay on screen until dismissed (refused changes, restored edits).
import { t } from "./i18n.js";

export const STATUS_TEXT = {
  saved: () => t("Saved"),
  saving: () => t("Saving…"),
  offline: () => t("Offline — your edits are kept"),
  reconnecting: () => t("Reconnecting… your edits are kept"),
  error: (message) => t("Error: {message}", { message }),
};

export class StatusView {
  constructor() {
    this.dom = document.createElement("p");
    this.dom.className = "cb-status";
    this.dom.id = "cb-status";
    this.dom.setAttribute("role", "status");
    this.dom.setAttribute("aria-live", "polite");
    this.dom.setAttribute("aria-atomic", "true");
    this.dom.setAttribute("data-status", "saving");
    this.icon = document.createElement("span");
    this.icon.className = "cb-status__icon";
    this.icon.setAttribute("aria-hidden", "true");
    this.text = document.createElement("span");
    this.text.className = "cb-status__text";
    this.dom.append(this.icon, this.text);
    this.current = null;
    this.message = null;
  }

  /** Show one of saved|saving|offline|reconnecting|error (error with a message). */
  set(status, message) {
    if (status === this.current && message === this.message) return;
    this.current = status;
    this.message = message;
    this.dom.setAttribute("data-status", status);
    this.text.textContent = STATUS_TEXT[status](message);
  }
}

export class Notices {
  constructor() {
    this.dom = document.createElement("div");
    this.dom.className = "cb-notices";
  }

  /** A message that stays until dismissed; kind "error" is announced assertively. */
  show(message, kind = "info") {
    const box = document.createElement("div");
    box.className = "cb-notice cb-notice--" + kind;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    const text = document.createElement("p");
    text.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "cb-notice__close";
    close.textContent = "×";
    close.setAttribute("aria-label", t("Dismiss this message"));
    close.addEventListener("click", () => box.remove());
    box.append(text, close);
    this.dom.append(box);
    return box;
  }
}
