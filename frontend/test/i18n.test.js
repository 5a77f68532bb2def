// Counted messages in the editor (src/i18n.js): the page carries, for each counted
// string, its text per plural category of the page language; tn() picks the one
// Intl.PluralRules names for the count. Arabic has six categories, so it shows whether
// the right form is chosen for 0, 1, 2, 3, 11 and 100, and English falls back without
// a catalog.
import { test } from "node:test";
import assert from "node:assert/strict";

const ARABIC_FORMS = {
  zero: "لا توجد موارد مطابقة.",
  one: "مورد واحد مطابق.",
  two: "موردان مطابقان.",
  few: "{count} موارد مطابقة.",
  many: "{count} موردًا مطابقًا.",
  other: "{count} مورد مطابق.",
};

function pageIn(lang, catalog) {
  globalThis.document = {
    documentElement: { lang },
    getElementById: (id) => (id === "editor-strings" ? { textContent: JSON.stringify(catalog) } : null),
  };
}

test("an Arabic page shows the form its count needs", async () => {
  pageIn("ar", { "{count} resource matches.": ARABIC_FORMS, "Save": "حفظ" });
  const { t, tn } = await import("../src/i18n.js?arabic");
  const say = (n) => tn("{count} resource matches.", "{count} resources match.", n);
  assert.equal(say(0), "لا توجد موارد مطابقة.");
  assert.equal(say(1), "مورد واحد مطابق.");
  assert.equal(say(2), "موردان مطابقان.");
  assert.equal(say(3), "3 موارد مطابقة.");
  assert.equal(say(11), "11 موردًا مطابقًا.");
  assert.equal(say(100), "100 مورد مطابق.");
  assert.equal(t("Save"), "حفظ");
});

test("without a catalog English chooses singular or plural and fills the count", async () => {
  pageIn("en", {});
  const { tn } = await import("../src/i18n.js?english");
  assert.equal(tn("{count} file", "{count} files", 1), "1 file");
  assert.equal(tn("{count} file", "{count} files", 0), "0 files");
  assert.equal(tn("{count} file in {place}", "{count} files in {place}", 4, { place: "Drafts" }), "4 files in Drafts");
});

test("a catalog missing a category falls back to its other form", async () => {
  pageIn("pl", { "{count} file": { one: "{count} plik", other: "{count} pliku" } });
  const { tn } = await import("../src/i18n.js?polish");
  assert.equal(tn("{count} file", "{count} files", 1), "1 plik");
  assert.equal(tn("{count} file", "{count} files", 5), "5 pliku");
});
