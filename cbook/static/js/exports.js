// The exports page: show only the chosen format's options, and follow each unfinished
// job's progress until it is done or failed. Without JavaScript every option group shows,
// labelled with its formats, and the page shows progress as of its loading.
(function () {
  "use strict";
  var POLL_MS = 500;
  var strings = {};
  var catalogue = document.getElementById("exports-strings");
  if (catalogue) {
    try { strings = JSON.parse(catalogue.textContent || "{}") || {}; } catch (_e) { strings = {}; }
  }
  function t(text) { return typeof strings[text] === "string" && strings[text] ? strings[text] : text; }

  function showOptionsFor(select) {
    var chosen = select.value;
    select.form.querySelectorAll("fieldset[data-formats]").forEach(function (group) {
      var applies = group.dataset.formats.split(" ").indexOf(chosen) !== -1;
      group.hidden = !applies;
      group.disabled = !applies; // not sent: they would mean nothing to this format
    });
  }

  var format = document.querySelector(".edition-form select[name=format]");
  if (format) {
    showOptionsFor(format);
    format.addEventListener("change", function () { showOptionsFor(format); });
  }

  function update(row, job) {
    var bar = row.querySelector("progress");
    var step = row.querySelector(".export-job__step");
    var file = row.querySelector(".export-job__file");
    row.dataset.status = job.status;
    bar.value = job.progress;
    bar.textContent = Math.round(job.progress * 100) + "%";
    if (job.status === "failed") {
      step.textContent = t("Failed:") + " " + (job.error || t("unknown error"));
    } else if (job.status === "done") {
      step.textContent = job.from_cache ? t("Ready") + " " + t("(unchanged, from cache)") : t("Ready");
      if (job.download_url && !file.querySelector("a")) {
        var link = document.createElement("a");
        link.href = job.download_url;
        link.textContent = t("Download");
        file.appendChild(link);
      }
    } else {
      step.textContent = job.step;
    }
  }

  function follow(row) {
    fetch(row.dataset.statusUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) return;
        update(row, job);
        if (job.status === "queued" || job.status === "running") {
          setTimeout(function () { follow(row); }, POLL_MS);
        }
      })
      .catch(function () { setTimeout(function () { follow(row); }, POLL_MS * 4); });
  }

  document.querySelectorAll(".export-job").forEach(function (row) {
    if (row.dataset.status === "queued" || row.dataset.status === "running") follow(row);
  });
})();
