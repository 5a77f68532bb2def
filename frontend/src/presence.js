// Who else has this section open, from the presence list the steps long-poll returns.
import { t } from "./i18n.js";

export class PresenceView {
  constructor(selfId) {
    this.selfId = selfId;
    this.dom = document.createElement("p");
    this.dom.className = "cb-presence";
    this.dom.setAttribute("data-testid", "presence");
    this.names = null;
    this.update([]);
  }

  /** presence: [{id, name}] (may include this user, who is left out). */
  update(presence) {
    if (!Array.isArray(presence)) return;
    const seen = new Set();
    const names = [];
    for (const person of presence) {
      if (!person || person.id === this.selfId || seen.has(person.id)) continue;
      seen.add(person.id);
      names.push(String(person.name || t("Someone")));
    }
    const key = names.join("\n");
    if (key === this.names) return;
    this.names = key;
    this.dom.textContent = names.length
      ? t("Also here: {names}", { names: names.join(", ") })
      : t("No one else is editing this section.");
    this.dom.classList.toggle("cb-presence--others", names.length > 0);
  }
}
