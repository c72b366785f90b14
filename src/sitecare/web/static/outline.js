/* The outline editor of the measure page (templates/photo_measure.html): drag the outline's
   points, or trace the mark with a finger; the form then posts the polygon in photo pixels.
   Plain JavaScript and SVG, pointer events (mouse, pen and touch alike); no library. Without
   it the page still works: the outline is drawn by the server and the forms are plain. */
(function () {
  "use strict";
  var MAX_HANDLES = 10;      // points to drag (more would crowd a phone's screen)
  var TOUCH_PX = 48;         // each point's touch target, CSS pixels across (>= 44)
  var NS = "http://www.w3.org/2000/svg";

  function start() {
    var svg = document.getElementById("outline-photo");
    var form = document.getElementById("outline-form");
    if (!svg || !form) { return; }
    var field = document.getElementById("outline-points");
    var kind = document.getElementById("outline-kind");
    var traceButton = document.getElementById("trace-button");
    var help = document.getElementById("editor-help");
    var keep = document.getElementById("keep-outline");
    var line = document.getElementById("outline-line");
    var points = parse(field.value);
    // the words it says, in the page's language (data-* of #outline-words; English without)
    var words = (document.getElementById("outline-words") || {}).dataset || {};
    function say(key, english) { return words[key] || english; }
    var handles = [];
    var dragging = null;
    var tracing = false;
    var trail = null;

    function parse(text) {
      return text.split(";").filter(Boolean).map(function (p) {
        var xy = p.split(",");
        return [parseFloat(xy[0]), parseFloat(xy[1])];
      });
    }

    function thin(list, most) {
      if (list.length <= most) { return list.slice(); }
      var out = [];
      for (var i = 0; i < most; i++) { out.push(list[Math.floor(i * list.length / most)]); }
      return out;
    }

    function toPhoto(event) {  // screen -> photo pixels
      var pt = svg.createSVGPoint();
      pt.x = event.clientX; pt.y = event.clientY;
      var p = pt.matrixTransform(svg.getScreenCTM().inverse());
      var w = +svg.dataset.width, h = +svg.dataset.height;
      return [Math.max(0, Math.min(w, p.x)), Math.max(0, Math.min(h, p.y))];
    }

    function unitsPerPx() {  // photo pixels per CSS pixel, as the photo is drawn now
      var box = svg.getBoundingClientRect();
      return box.width ? svg.viewBox.baseVal.width / box.width : 1;
    }

    function ensureLine() {
      if (!line) {
        line = document.createElementNS(NS, "polygon");
        line.setAttribute("class", "outline");
        line.id = "outline-line";
        svg.appendChild(line);
      }
    }

    function draw() {
      ensureLine();
      line.setAttribute("points", points.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "));
      var r = unitsPerPx() * TOUCH_PX / 2;
      handles.forEach(function (h, i) {
        h.ring.setAttribute("cx", points[i][0]); h.ring.setAttribute("cy", points[i][1]);
        h.ring.setAttribute("r", r);
        h.dot.setAttribute("cx", points[i][0]); h.dot.setAttribute("cy", points[i][1]);
        h.dot.setAttribute("r", r / 3);
      });
    }

    function changed() {
      field.value = points.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(";");
      kind.value = "outline";
      var size = document.getElementById("outline-size");
      if (size) { size.textContent = say("changed", "You changed the outline: keep it and sitecare measures it."); }
      if (keep) { keep.textContent = say("keep", "Keep this outline"); }
      else { addKeep(); }
    }

    function addKeep() {
      keep = document.createElement("button");
      keep.type = "submit"; keep.id = "keep-outline"; keep.textContent = say("keep", "Keep this outline");
      form.querySelector(".actions").insertBefore(keep, traceButton);
    }

    function makeHandles() {
      handles.forEach(function (h) { h.ring.remove(); h.dot.remove(); });
      handles = points.map(function (p, i) {
        var ring = document.createElementNS(NS, "circle");
        ring.setAttribute("class", "handle");
        ring.setAttribute("data-index", i);
        var dot = document.createElementNS(NS, "circle");
        dot.setAttribute("class", "dot");
        svg.appendChild(ring); svg.appendChild(dot);
        ring.addEventListener("pointerdown", grab);
        return { ring: ring, dot: dot };
      });
      draw();
    }

    function nearest(at) {  // the point nearest the finger (touch targets may overlap)
      var best = 0, bestD = Infinity;
      points.forEach(function (p, i) {
        var d = (p[0] - at[0]) * (p[0] - at[0]) + (p[1] - at[1]) * (p[1] - at[1]);
        if (d < bestD) { best = i; bestD = d; }
      });
      return best;
    }

    function grab(e) {
      if (tracing) { return; }
      e.preventDefault(); e.stopPropagation();
      dragging = nearest(toPhoto(e));
      handles[dragging].ring.classList.add("active");
      svg.setPointerCapture(e.pointerId);
    }

    function moveGrabbed(e) {
      if (dragging === null) { return; }
      points[dragging] = toPhoto(e); draw();
    }

    function drop() {
      if (dragging === null) { return; }
      handles[dragging].ring.classList.remove("active");
      dragging = null; changed();
    }

    function beginTrace(e) {
      if (!tracing) { return; }
      e.preventDefault();
      svg.setPointerCapture(e.pointerId);
      trail = [toPhoto(e)];
      var path = document.createElementNS(NS, "polyline");
      path.setAttribute("class", "trace"); path.id = "trace-line";
      svg.appendChild(path);
    }

    function moveTrace(e) {
      if (!tracing || !trail) { return; }
      trail.push(toPhoto(e));
      document.getElementById("trace-line").setAttribute("points", trail.map(function (p) { return p.join(","); }).join(" "));
    }

    function endTrace() {
      if (!tracing || !trail) { return; }
      var done = trail; trail = null;
      var path = document.getElementById("trace-line");
      if (path) { path.remove(); }
      setTracing(false);
      if (done.length < 3) { help.textContent = say("short", "That trace was too short: press the button and draw all the way around the mark."); return; }
      points = thin(done, MAX_HANDLES);
      makeHandles(); changed();
      help.textContent = say("traced", "Traced. Drag a point to fine-tune it, then keep the outline.");
    }

    function setTracing(on) {
      tracing = on;
      svg.classList.toggle("tracing", on);
      traceButton.textContent = on ? say("stop", "Stop tracing") : say("trace", "Trace with your finger");
      traceButton.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) { help.textContent = say("draw", "Draw around the edge of the mark with your finger, in one go."); }
    }

    svg.addEventListener("pointerdown", beginTrace);
    svg.addEventListener("pointermove", function (e) { moveGrabbed(e); moveTrace(e); });
    svg.addEventListener("pointerup", function () { drop(); endTrace(); });
    svg.addEventListener("pointercancel", function () { drop(); endTrace(); });
    traceButton.hidden = false;
    traceButton.addEventListener("click", function () { setTracing(!tracing); });
    window.addEventListener("resize", draw);
    points = thin(points, MAX_HANDLES);
    if (points.length >= 3) {
      makeHandles();
      help.textContent = say("drag", "Drag a point to move the line, or trace the mark with your finger.");
    } else {
      help.textContent = say("press", "Press \u201cTrace with your finger\u201d and draw around the mark.");
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
