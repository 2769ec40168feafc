// Tell the server the browser's time zone, so pages show times as the viewer's clock reads them
// (core/middleware.py). Takes effect from the next page.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  var current = document.cookie.split("; ").find(function (c) { return c.indexOf("heartline_tz=") === 0; });
  var value = encodeURIComponent(zone);
  if (current !== "heartline_tz=" + value) {
    document.cookie = "heartline_tz=" + value + "; path=/; max-age=31536000; samesite=lax";
  }
})();
