// Builds the editor bundle into cbook/static/editor/ (committed, so the app needs no Node).
// The output must be byte-identical on every machine and every run: check-bundle.sh and CI
// rebuild it and fail on any difference. So: pinned versions (package-lock.json), no
// sourcemaps, no timestamps, fixed target, and paths relative to this folder.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, "../cbook/static/editor");
const banner = "/* Culture Book editor. Generated from frontend/ by `npm run build`: edit the source there, not this file.\n" +
  " * Bundles ProseMirror (prosemirror-*), orderedmap, rope-sequence and w3c-keyname: MIT License,\n" +
  " * Copyright (C) 2015-2017 by Marijn Haverbeke <marijn@haverbeke.berlin> and others. */";

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
  logLevel: "info",
  banner: { js: banner, css: banner },
};

await build({
  ...common,
  entryPoints: ["src/main.js"],
  outfile: resolve(out, "editor.js"),
  format: "iife",
  target: "es2020",
  platform: "browser",
});

// One stylesheet: prosemirror-view's and prosemirror-tables' rules, then ours.
await build({
  ...common,
  entryPoints: ["src/editor.css"],
  outfile: resolve(out, "editor.css"),
  target: ["chrome100", "firefox100", "safari15"],
});
