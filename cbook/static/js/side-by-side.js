// The translator's side-by-side editor: the source block matching the block the cursor is
// in is marked and scrolled into view, so each paragraph is written beside its original.
// Blocks are matched by their stable ids (data-block-id in the editor, data-source-block
// in the source pane).
(function () {
  "use strict";
  var pane = document.querySelector("[data-testid='source-pane']");
  if (!pane) return;
  var active = null;

  function blockIdAt(node) {
    while (node && node !== document.body) {
      if (node.nodeType === 1 && node.hasAttribute("data-block-id") &&
          node.parentElement && node.parentElement.classList.contains("ProseMirror")) {
        return node.getAttribute("data-block-id");
      }
      node = node.parentNode;
    }
    return null;
  }

  function follow() {
    var selection = document.getSelection();
    if (!selection || !selection.anchorNode) return;
    var editor = document.querySelector("#editor-root .ProseMirror");
    if (!editor || !editor.contains(selection.anchorNode)) return;
    var id = blockIdAt(selection.anchorNode);
    var match = id ? pane.querySelector("[data-source-block='" + CSS.escape(id) + "']") : null;
    if (match === active) return;
    if (active) active.classList.remove("source-block--active");
    active = match;
    if (!match) return;
    match.classList.add("source-block--active");
    var box = pane.getBoundingClientRect(), at = match.getBoundingClientRect();
    if (at.top < box.top || at.bottom > box.bottom) {
      var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      match.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
    }
  }

  document.addEventListener("selectionchange", follow);
})();
