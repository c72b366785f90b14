// The measuring card on a second screen: resize without reloading, remember the size on this
// device, and offer full screen. Without JavaScript the buttons are a plain GET form.
(function () {
  "use strict";
  var img = document.getElementById("card-screen");
  if (!img) { return; }
  var KEY = "sitecare.cardWidth";
  function setWidth(px) {
    px = Math.max(160, Math.min(2400, Math.round(px)));
    img.width = px;  // an attribute, not a style: the page's CSP allows no inline styles
    img.height = Math.round(px * 53.98 / 85.6);
    img.dataset.size = String(px);
    try { localStorage.setItem(KEY, String(px)); } catch (e) { /* private mode */ }
    history.replaceState(null, "", "/card/screen?size=" + px);
  }
  var stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { stored = null; }
  if (stored && location.search.indexOf("size=") < 0) { setWidth(Number(stored)); }
  document.querySelectorAll("[data-card-size]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var step = Number(button.dataset.cardSize) * 0.02;
      setWidth(Number(img.dataset.size) * (1 + step));
    });
  });
  var full = document.querySelector("[data-card-full]");
  var stage = document.getElementById("card-stage");
  if (full && stage && stage.requestFullscreen) {
    full.hidden = false;
    full.addEventListener("click", function () { stage.requestFullscreen(); });
  }
})();
