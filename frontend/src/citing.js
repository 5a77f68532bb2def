// "Cite a resource": a dialog to find a library resource and pick it. A search box (a
// WAI-ARIA combobox) narrows the library as you type; arrow keys move through the matches,
// Enter cites the highlighted one, Escape cancels. The library comes from the API
// (GET /api/v1/resources) each time the dialog opens and is filtered here.
import { t, tn } from "./i18n.js";
import { el } from "./dom.js";

const MAX_SHOWN = 50;
let counter = 0;

async function loadLibrary(endpoint) {
  const response = await fetch(endpoint, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(String(response.status));
  const body = await response.json();
  if (!Array.isArray(body)) throw new Error("not a list");
  return body.filter((item) => item && Number.isInteger(item.id) && typeof item.title === "string");
}

function searchText(item) {
  return [item.title, item.authors, item.kind, item.year].filter(Boolean).join(" ").toLocaleLowerCase();
}

/** The resources matching every word typed, in the library's order. */
export function matchResources(resources, query) {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return resources.filter((item) => words.every((word) => searchText(item).includes(word)));
}

/** Ask which resource to cite. Resolves to {id, title}, or null when cancelled. */
export function askForResource({ endpoint }) {
  return new Promise((resolve) => {
    const id = "cb-cite-" + ++counter;
    const dialog = el("dialog", { class: "cb-dialog cb-cite", "aria-labelledby": id + "-title" });
    const form = el("form", { method: "dialog", class: "form", novalidate: true });
    const input = el("input", {
      id: id + "-search", type: "text", autocomplete: "off", spellcheck: "false",
      role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
      "aria-controls": id + "-list", "aria-describedby": id + "-hint " + id + "-status",
    });
    const hint = el("p", { class: "hint", id: id + "-hint", text: t("Type words from the title or authors; arrow keys choose, Enter cites.") });
    const status = el("p", { class: "cb-cite__status", id: id + "-status", role: "status", text: t("Loading the library…") });
    const list = el("ul", { role: "listbox", id: id + "-list", class: "cb-cite__list", "aria-label": t("Matching resources") });
    const error = el("p", { class: "field__error", id: id + "-error", hidden: true });
    form.append(
      el("h2", { id: id + "-title", text: t("Cite a resource") }),
      el("div", { class: "field" }, [el("label", { for: input.id, text: t("Search the library") }), hint, input, error]),
      status, list,
      el("div", { class: "cb-dialog__buttons" }, [
        el("button", { type: "submit", class: "button", text: t("Cite") }),
        el("button", { type: "button", class: "button button--secondary", "data-action": "cancel", text: t("Cancel") }),
      ]),
    );
    dialog.append(form);
    document.body.append(dialog);

    let library = [];
    let shown = [];
    let active = -1;
    let settled = false;

    function finish(result) {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(result);
    }

    function setActive(index) {
      active = shown.length ? Math.max(0, Math.min(index, shown.length - 1)) : -1;
      list.querySelectorAll("[role=option]").forEach((option, i) => {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        if (i === active && option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
      });
      if (active >= 0) input.setAttribute("aria-activedescendant", `${id}-option-${active}`);
      else input.removeAttribute("aria-activedescendant");
    }

    function render() {
      const matches = matchResources(library, input.value);
      shown = matches.slice(0, MAX_SHOWN);
      list.replaceChildren(...shown.map((item, index) => {
        const option = el("li", { role: "option", id: `${id}-option-${index}`, class: "cb-cite__option", "aria-selected": "false" }, [
          el("span", { class: "cb-cite__title", text: item.title }),
          item.kind ? el("span", { class: "cb-cite__kind", text: " · " + item.kind }) : null,
        ]);
        option.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the box
        option.addEventListener("click", () => choose(index));
        return option;
      }));
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      status.textContent = !matches.length ? t("No resource matches.")
        : matches.length > shown.length ? t("{count} resources match; the first {shown} are listed.", { count: matches.length, shown: shown.length })
          : tn("{count} resource matches.", "{count} resources match.", matches.length);
      setActive(0);
    }

    function choose(index) {
      const item = shown[index];
      if (item) finish({ id: item.id, title: item.title });
    }

    input.addEventListener("input", () => { error.hidden = true; input.removeAttribute("aria-invalid"); render(); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") setActive(active + 1);
      else if (event.key === "ArrowUp") setActive(active - 1);
      else if (event.key === "Home" && event.ctrlKey) setActive(0);
      else if (event.key === "End" && event.ctrlKey) setActive(shown.length - 1);
      else return;
      event.preventDefault();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (active >= 0) { choose(active); return; }
      error.textContent = library.length ? t("Choose a resource from the list.") : t("There is nothing in the library to cite yet.");
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${id}-hint ${id}-status ${id}-error`);
      input.focus();
    });
    form.querySelector("[data-action=cancel]").addEventListener("click", () => finish(null));
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); finish(null); });
    dialog.showModal();
    input.focus();

    loadLibrary(endpoint).then((items) => {
      library = items;
      if (!settled) render();
    }).catch(() => {
      status.textContent = t("The library could not be loaded; try again in a moment.");
    });
  });
}
