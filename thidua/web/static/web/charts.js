// Dashboard charts: each <canvas data-chart="ID"> reads its data from the json_script element ID
// (no inline script, so the Content-Security-Policy stays strict) and becomes a Chart.js chart.
(function () {
  "use strict";
  const COLOURS = ["#dc3545", "#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384", "#ffc107", "#0dcaf0"];
  const numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function options(spec) {
    const valueAxis = {
      beginAtZero: !spec.reverse,
      stacked: spec.stacked,
      reverse: spec.reverse,
      ticks: { precision: 0, callback: (value) => numberFormat.format(value) + (spec.percent ? "%" : "") },
    };
    if (spec.percent) { valueAxis.min = 0; valueAxis.max = 100; }
    if (spec.reverse) { valueAxis.min = 1; }
    const categoryAxis = { stacked: spec.stacked, ticks: { autoSkip: false } };
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? "y" : "x",
      spanGaps: true,
      scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: { legend: { position: "bottom" } },
    };
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") return;
    const spec = JSON.parse(source.textContent);
    const datasets = spec.datasets.map((dataset, index) => {
      const colour = COLOURS[index % COLOURS.length];
      return Object.assign({ backgroundColor: colour, borderColor: colour, tension: 0.1 }, dataset);
    });
    new window.Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options(spec) });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
