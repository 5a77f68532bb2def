// Interface strings. English is written in the source; the page may carry translations
// (made with gettext on the server) in <script type="application/json" id="editor-strings">
// as {"English text": "translated text"}, and for a plural {"English singular": {"one": ...,
// "few": ..., "other": ...}} keyed by the page language's plural categories (Intl.PluralRules).
// "{name}" placeholders are filled from `values`.

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

function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
}

/** The translation of `text` (or `text` itself), with {placeholders} filled in. */
export function t(text, values) {
  const found = load()[text];
  return fill(typeof found === "string" && found ? found : text, values);
}

let rules = null;

function category(count) {
  if (!rules) {
    const lang = (typeof document !== "undefined" && document.documentElement.lang) || "en";
    try {
      rules = new Intl.PluralRules(lang);
    } catch (_error) {
      rules = new Intl.PluralRules("en");
    }
  }
  return rules.select(count);
}

/**
 * The form of a counted message the page language needs for `count` (Arabic has six,
 * Polish three), with {placeholders} filled in; English singular/plural without a catalog.
 */
export function tn(singular, plural, count, values) {
  const forms = load()[singular];
  let text = count === 1 ? singular : plural;
  if (forms && typeof forms === "object") {
    const chosen = forms[category(count)] || forms.other;
    if (typeof chosen === "string" && chosen) text = chosen;
  }
  return fill(text, { count, ...values });
}
