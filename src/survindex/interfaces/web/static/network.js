/* Highlight a node's links in the supply graph on hover or keyboard focus. */
(function () {
  "use strict";
  var box = document.getElementById("network");
  if (!box) { return; }
  var links = box.querySelectorAll(".link");
  function on(node) {
    var v = node.getAttribute("data-vendor"), c = node.getAttribute("data-country");
    box.classList.add("dim");
    links.forEach(function (l) {
      var hit = (v && l.getAttribute("data-vendor") === v) || (c && l.getAttribute("data-country") === c);
      l.classList.toggle("on", !!hit);
    });
  }
  function off() { box.classList.remove("dim"); links.forEach(function (l) { l.classList.remove("on"); }); }
  box.querySelectorAll(".node").forEach(function (n) {
    n.addEventListener("mouseenter", function () { on(n); });
    n.addEventListener("focus", function () { on(n); });
    n.addEventListener("mouseleave", off);
    n.addEventListener("blur", off);
  });
})();
