// Toolbar icons drawn as SVG rather than typed as characters: a button showing "1≡" has
// visible text that is not in its name ("Numbered list"), which trips up people who
// operate it by speaking what they see (WCAG 2.5.3, Label in Name). An icon is no text.

const SVG = "http://www.w3.org/2000/svg";

// Each icon is a list of shapes on a 20 × 20 grid, stroked in the text colour.
const SHAPES = {
  bulletList: [
    ["circle", { cx: 3.5, cy: 5, r: 1.5, fill: "currentColor", stroke: "none" }],
    ["circle", { cx: 3.5, cy: 10, r: 1.5, fill: "currentColor", stroke: "none" }],
    ["circle", { cx: 3.5, cy: 15, r: 1.5, fill: "currentColor", stroke: "none" }],
    ["path", { d: "M8 5h10M8 10h10M8 15h10" }],
  ],
  orderedList: [
    // A one, a two and a three, drawn small in the start column.
    ["path", { d: "M2.5 3.5l1.5-1v5", "stroke-width": 1.3 }],
    ["path", { d: "M2.2 9.6c.3-.9 2.6-1 2.6.3 0 .9-2.6 2-2.6 3h2.8", "stroke-width": 1.3 }],
    ["path", { d: "M8 5h10M8 10h10M8 15h10" }],
  ],
};

export function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  for (const [key, value] of Object.entries({
    viewBox: "0 0 20 20", width: "20", height: "20", fill: "none", stroke: "currentColor",
    "stroke-width": "1.8", "stroke-linecap": "round", "stroke-linejoin": "round",
    "aria-hidden": "true", focusable: "false", class: "cb-icon",
  })) svg.setAttribute(key, value);
  for (const [tag, attrs] of SHAPES[name]) {
    const shape = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) shape.setAttribute(key, String(value));
    svg.append(shape);
  }
  return svg;
}
