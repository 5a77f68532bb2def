/* Local search for the web edition: no server, no network. The index is a script
   (search-index.js sets window.CBOOK_SEARCH_INDEX), because browsers refuse to fetch
   a JSON file opened from disk. A result must contain every word of the query. */
(function () {
  "use strict";
  var index = window.CBOOK_SEARCH_INDEX || [];
  var form = document.getElementById("search-page-form");
  var input = document.getElementById("search-query");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list || !status) { return; }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w; });
  }

  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) { return text.slice(0, 160); }
    var start = Math.max(0, at - 70);
    return (start > 0 ? "…" : "") + text.slice(start, at + 90) + "…";
  }

  function search(query) {
    var wanted = words(query);
    list.textContent = "";
    if (!wanted.length) { status.textContent = ""; return; }
    var found = [];
    index.forEach(function (entry) {
      var title = entry.title.toLowerCase();
      var text = entry.text.toLowerCase();
      var score = 0;
      for (var i = 0; i < wanted.length; i += 1) {
        var inTitle = title.indexOf(wanted[i]) >= 0;
        var inText = text.indexOf(wanted[i]) >= 0;
        if (!inTitle && !inText) { return; }
        score += (inTitle ? 10 : 0) + (inText ? 1 : 0);
      }
      found.push({ entry: entry, score: score });
    });
    found.sort(function (a, b) { return b.score - a.score; });
    found.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.entry.url;
      link.textContent = hit.entry.title;
      item.appendChild(link);
      if (hit.entry.context) {
        var where = document.createElement("span");
        where.className = "muted";
        where.textContent = " · " + hit.entry.context;
        item.appendChild(where);
      }
      var excerpt = document.createElement("p");
      excerpt.textContent = snippet(hit.entry.text, wanted[0]);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = found.length === 1 ? "1 result" : found.length + " results";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value);
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    search(query);
  }
}());
