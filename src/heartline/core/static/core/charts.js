// Render every element with a data-spec attribute as a Vega-Lite chart (bundle served by Heartline).
// `ast: true` evaluates Vega expressions with the bundled interpreter instead of `new Function`,
// so pages need no 'unsafe-eval' in their Content-Security-Policy (core/csp.py).
document.querySelectorAll("[data-spec]").forEach(function (el) {
  var spec = JSON.parse(el.getAttribute("data-spec"));
  window.vegaEmbed(el, spec, { ast: true, actions: { export: true, source: false, compiled: false, editor: false } })
    .catch(function (err) { el.textContent = "Chart could not be drawn: " + err; });
});
