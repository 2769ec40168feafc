// Render every element with a data-spec attribute as a Vega-Lite chart (bundle served by Heartline).
document.querySelectorAll("[data-spec]").forEach(function (el) {
  var spec = JSON.parse(el.getAttribute("data-spec"));
  window.vegaEmbed(el, spec, { actions: { export: true, source: false, compiled: false, editor: false } })
    .catch(function (err) { el.textContent = "Chart could not be drawn: " + err; });
});
