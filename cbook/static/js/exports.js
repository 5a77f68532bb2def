// Live progress for the exports page: poll each unfinished job until it is done or failed.
(function () {
  "use strict";
  var POLL_MS = 500;

  function update(row, job) {
    var bar = row.querySelector("progress");
    var step = row.querySelector(".export-job__step");
    var file = row.querySelector(".export-job__file");
    row.dataset.status = job.status;
    bar.value = job.progress;
    bar.textContent = Math.round(job.progress * 100) + "%";
    if (job.status === "failed") {
      step.textContent = "Failed: " + (job.error || "unknown error");
    } else if (job.status === "done") {
      step.textContent = job.from_cache ? "Ready (unchanged, from cache)" : "Ready";
      if (job.download_url && !file.querySelector("a")) {
        var link = document.createElement("a");
        link.href = job.download_url;
        link.textContent = "Download";
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
