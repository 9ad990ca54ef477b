// Draws the report charts from JSON in a data attribute (the CSP forbids inline scripts).
// Each chart has a table with the same numbers beside it; a hidden small group is a gap.
(function () {
  "use strict";
  if (!window.Chart) { return; }
  window.Chart.defaults.locale = document.documentElement.lang || "sv";
  // Up to three series, told apart by colour and by border pattern (not colour alone).
  var colours = ["#8a3b8f", "#1d4f91", "#3d6b2a"];
  var patterns = [[], [6, 3], [2, 2]];

  document.querySelectorAll("canvas[data-report-chart]").forEach(function (canvas) {
    var config = JSON.parse(canvas.getAttribute("data-report-chart"));
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: config.labels,
        datasets: config.series.map(function (series, i) {
          return { label: series.label, data: series.data, backgroundColor: colours[i],
                   borderColor: colours[i], borderWidth: 1, borderDash: patterns[i] };
        })
      },
      options: {
        indexAxis: config.horizontal ? "y" : "x",
        maintainAspectRatio: false, animation: false,
        // whole steps for counts of people; means and shares keep their decimals
        scales: { x: { beginAtZero: true, ticks: config.counts ? { precision: 0 } : {} },
                  y: { beginAtZero: true, ticks: config.counts ? { precision: 0 } : {} } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
}());
