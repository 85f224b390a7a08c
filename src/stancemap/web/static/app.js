/* stancemap: small behaviours shared by every page (no inline scripts: the CSP forbids them). */
(function () {
  "use strict";
  // Document view: hovering a statement in the list outlines its spans in the text, and back.
  function link(id, on) {
    document.querySelectorAll('mark[data-statement="' + id + '"]').forEach(function (m) { m.classList.toggle("active", on); });
    var li = document.getElementById("st-" + id);
    if (li) { li.classList.toggle("active", on); }
  }
  document.addEventListener("mouseover", function (event) {
    var el = event.target.closest && event.target.closest("[data-statement]");
    if (el && (el.tagName === "MARK" || el.tagName === "LI")) { link(el.getAttribute("data-statement"), true); }
  });
  document.addEventListener("mouseout", function (event) {
    var el = event.target.closest && event.target.closest("[data-statement]");
    if (el && (el.tagName === "MARK" || el.tagName === "LI")) { link(el.getAttribute("data-statement"), false); }
  });
})();
