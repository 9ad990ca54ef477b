// Draws the progression charts from JSON in a data attribute (the CSP forbids inline
// scripts). Every chart has a table with the same numbers next to it.
(function () {
  "use strict";
  if (!window.Chart) { return; }
  // Numbers on axes and in tooltips as the page's language writes them (2,5 in Swedish).
  window.Chart.defaults.locale = document.documentElement.lang || "sv";
  // Right-to-left pages (Arabic): legends and tooltips read from the right, and time runs
  // from right to left with the score axis on the right, as the tables beside them do.
  var rtl = document.documentElement.dir === "rtl";
  window.Chart.defaults.plugins.legend.rtl = rtl;
  window.Chart.defaults.plugins.tooltip.rtl = rtl;
  var palette = ["#6f777b", "#f47738", "#1d4f91"];
  var dashes = [[6, 4], [2, 3], []];

  // Long indicator names wrap onto several lines so they fit a 320 px screen.
  function wrap(label) {
    var lines = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > 14) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function radar(canvas, config) {
    var n = config.radar.length;
    new window.Chart(canvas, {
      type: "radar",
      data: {
        labels: config.labels.map(wrap),
        datasets: config.radar.map(function (series, i) {
          var style = n - 1 - i; // the latest is always drawn solid, in the brand colour
          var colour = palette[palette.length - 1 - style] || palette[0];
          return { label: series.label, data: series.data, borderColor: colour,
                   backgroundColor: colour + "22", borderDash: dashes[dashes.length - 1 - style] || [],
                   pointRadius: 4, borderWidth: 2 };
        })
      },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: { r: { min: config.scale.min, max: config.scale.max, ticks: { stepSize: 1 },
                       pointLabels: { font: { size: 11 } } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function line(canvas, config, index) {
    var series = config.lines[index];
    new window.Chart(canvas, {
      type: "line",
      data: { labels: series.dates,
              datasets: [{ label: series.indicator, data: series.values, borderColor: "#1d4f91",
                           backgroundColor: "#1d4f91", pointRadius: 4, tension: 0 }] },
      options: { maintainAspectRatio: false, animation: false,
                 scales: { x: { reverse: rtl },
                           y: { min: config.scale.min, max: config.scale.max, ticks: { stepSize: 1 },
                                position: rtl ? "right" : "left" } },
                 plugins: { legend: { display: false } } }
    });
  }

  // The handledare's pages (workspace-charts.js) draw the same radar.
  window.SmailCharts = { radar: radar, wrap: wrap, rtl: rtl };

  var blocks = document.querySelectorAll("[data-chart-config]");
  Array.prototype.forEach.call(blocks, function (block) {
    var config = JSON.parse(block.getAttribute("data-chart-config"));
    Array.prototype.forEach.call(block.querySelectorAll("canvas[data-chart]"), function (canvas) {
      canvas.parentNode.classList.add("chart--drawn"); // shown only once it is drawn
      if (canvas.dataset.chart === "radar") { radar(canvas, config); }
      else { line(canvas, config, Number(canvas.dataset.chartIndex)); }
    });
  });
})();
