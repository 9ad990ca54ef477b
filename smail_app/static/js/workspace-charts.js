// The handledare's progression charts, from JSON in a data attribute (the CSP forbids inline
// scripts): the participant's radar, and each indicator over time with the handledare's
// parallel rating (dashed) and a vertical line where another handledare took over. Every
// chart has a table with the same numbers next to it.
(function () {
  "use strict";
  if (!window.Chart || !window.SmailCharts) { return; }
  var brand = "#1d4f91", orange = "#b94a00", ink = "#0b0c0c";
  var radar = window.SmailCharts.radar; // shared with the participant's own pages (charts.js)

  // Days since the first date on the axis, so the time axis is to scale.
  function dayNumber(iso) {
    var parts = iso.split("-");
    return Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2])) / 86400000;
  }

  // Draws a dashed vertical line, with a short label, at each handover day.
  function handoverPlugin(timeline, origin) {
    return {
      id: "handovers",
      afterDatasetsDraw: function (chart) {
        var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
        timeline.handovers.forEach(function (day) {
          var px = x.getPixelForValue(dayNumber(day) - origin);
          ctx.save();
          ctx.strokeStyle = ink; ctx.lineWidth = 1; ctx.setLineDash([3, 3]);
          ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
          ctx.setLineDash([]); ctx.fillStyle = ink; ctx.font = "11px system-ui, sans-serif";
          ctx.textAlign = px > area.right - 80 ? "right" : "left";
          ctx.fillText(timeline.handover_label, px + (ctx.textAlign === "left" ? 3 : -3), area.top + 10);
          ctx.restore();
        });
      }
    };
  }

  function points(timeline, values, origin) {
    var found = [];
    values.forEach(function (value, i) {
      if (value !== null) { found.push({ x: dayNumber(timeline.dates[i]) - origin, y: value }); }
    });
    return found;
  }

  function timelineChart(canvas, config, index) {
    var timeline = config.timeline, line = timeline.lines[index];
    var origin = dayNumber(timeline.dates[0]);
    var offsets = timeline.dates.map(function (day) { return dayNumber(day) - origin; });
    var span = offsets[offsets.length - 1] || 1;
    var lang = document.documentElement.lang || "sv";
    function label(i) {
      var parts = timeline.dates[i].split("-");
      return new Date(Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2])))
        .toLocaleDateString(lang, { month: "short", year: "numeric", timeZone: "UTC" });
    }
    function longLabel(i) {
      var parts = timeline.dates[i].split("-");
      return new Date(Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2])))
        .toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    }
    // Ticks on the rating days, never so close that their labels overlap.
    function ticksFor(width) {
      var minGap = span * 80 / Math.max(width, 1), kept = [], last = null;
      offsets.forEach(function (value, i) {
        if (timeline.handovers.indexOf(timeline.dates[i]) >= 0) { return; }
        if (last === null || value - last >= minGap) { kept.push({ value: value }); last = value; }
      });
      return kept;
    }
    new window.Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          { label: timeline.series_labels.own, data: points(timeline, line.own, origin),
            borderColor: brand, backgroundColor: brand, pointRadius: 4, tension: 0 },
          { label: timeline.series_labels.handledare, data: points(timeline, line.handledare, origin),
            borderColor: orange, backgroundColor: orange, borderDash: [6, 4], pointRadius: 3,
            pointStyle: "rect", tension: 0 }
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false, parsing: false,
        scales: {
          x: { type: "linear", min: -span * 0.03, max: span * 1.03,
               afterBuildTicks: function (axis) { axis.ticks = ticksFor(axis.chart.width); },
               ticks: { autoSkip: false, maxRotation: 0,
                        callback: function (value) {
                          var i = offsets.indexOf(value);
                          return i < 0 ? "" : label(i);
                        } } },
          y: { min: config.scale.min, max: config.scale.max, ticks: { stepSize: 1 } }
        },
        plugins: { legend: { display: true, position: "bottom", labels: { boxHeight: 8 } },
                   tooltip: { callbacks: { title: function (items) {
                     var i = offsets.indexOf(items[0].parsed.x);
                     return i < 0 ? "" : longLabel(i);
                   } } } }
      },
      plugins: [handoverPlugin(timeline, origin)]
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-workspace-chart]"), function (block) {
    var config = JSON.parse(block.getAttribute("data-workspace-chart"));
    Array.prototype.forEach.call(block.querySelectorAll("canvas[data-chart]"), function (canvas) {
      canvas.parentNode.classList.add("chart--drawn"); // shown only once it is drawn
      if (canvas.dataset.chart === "radar") { radar(canvas, config); }
      else { timelineChart(canvas, config, Number(canvas.dataset.chartIndex)); }
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
