// Interface strings. English is written in the source; the page may carry translations
// (made with gettext on the server) in <script type="application/json" id="editor-strings">
// as {"English text": "translated text"}. "{name}" placeholders are filled from `values`.

let catalog = null;

function load() {
  if (catalog) return catalog;
  catalog = {};
  const el = typeof document !== "undefined" && document.getElementById("editor-strings");
  if (el) {
    try {
      const parsed = JSON.parse(el.textContent || "{}");
      if (parsed && typeof parsed === "object") catalog = parsed;
    } catch (_error) {
      catalog = {};
    }
  }
  return catalog;
}

/** The translation of `text` (or `text` itself), with {placeholders} filled in. */
export function t(text, values) {
  const found = load()[text];
  let out = typeof found === "string" && found ? found : text;
  if (values) out = out.replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
  return out;
}
