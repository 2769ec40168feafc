// The menu starts open (so it works without scripts); on a phone-width screen it starts closed.
document.addEventListener("DOMContentLoaded", function () {
  if (window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll("details[data-menu]").forEach(function (menu) { menu.open = false; });
  }
});
