// Which link and image targets the editor accepts: the same rule as the server's
// cbook/editor/links.py (http, https, mailto, relative, #fragment; never javascript:
// or data:), checked here too so the user hears about it before a step is refused.

const SAFE_SCHEMES = ["http", "https", "mailto"];

/** True for http(s) with a host, mailto, relative and fragment links. */
export function isSafeHref(href) {
  if (typeof href !== "string" || !href || href.length > 2048) return false;
  // Browsers drop control characters and read "\" as "/": "java\tscript:" and
  // "\\evil.example" get past naive checks.
  for (let i = 0; i < href.length; i++) if (href.charCodeAt(i) < 32) return false;
  if (href.includes("\\")) return false;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (!SAFE_SCHEMES.includes(name)) return false;
    return name === "mailto" || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]+/.test(href);
  }
  return !href.startsWith("//");
}

/** Image sources: http(s) or this site (a relative path), nothing else. */
export function isSafeImageSrc(src) {
  if (!isSafeHref(src)) return false;
  return !/^mailto:/i.test(src) && !src.startsWith("#");
}
