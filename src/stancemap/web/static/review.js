/* stancemap review queue: keyboard shortcuts over the htmx buttons of each card.
   j/k or arrows: next/previous card; a accept; s/o/n stance; r not relevant to the chosen issue; x not a statement; e fix the speaker; u undo. */
(function () {
  "use strict";
  var index = 0;
  function cards() { return Array.prototype.slice.call(document.querySelectorAll("#queue .card")); }
  function select(i) {
    var all = cards();
    if (!all.length) { return; }
    index = Math.max(0, Math.min(i, all.length - 1));
    all.forEach(function (c, n) { c.classList.toggle("current", n === index); });
    all[index].scrollIntoView({block: "nearest"});
  }
  function say(text) { var m = document.getElementById("review-message"); if (m) { m.textContent = text; } }
  function press(key) {
    if (key === "u") { var undo = document.getElementById("undo"); if (undo) { undo.click(); } return true; }
    var card = cards()[index];
    if (!card) { return false; }
    if (key === "e") { var input = card.querySelector(".speaker-fix input[name=actor]"); if (input) { input.focus(); } return true; }
    var button = card.querySelector('.actions [data-key="' + key + '"]');
    if (button && !button.disabled) { button.click(); return true; }
    return false;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { select(index + 1); event.preventDefault(); return; }
    if (key === "k" || key === "ArrowUp") { select(index - 1); event.preventDefault(); return; }
    if ("asonrxeu".indexOf(key) >= 0 && key.length === 1 && press(key)) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var card = event.target.closest && event.target.closest("#queue .card");
    if (card) { var i = cards().indexOf(card); if (i >= 0 && i !== index) { select(i); } }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var card = event.detail && event.detail.elt;
    if (card && card.classList && card.classList.contains("card")) {
      say("saved: statement " + card.getAttribute("data-statement"));
      var all = cards(), i = all.indexOf(card);
      select(i >= 0 ? i + 1 : index);
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var text = "refused";
    try { text = JSON.parse(xhr.responseText).error; } catch (e) { /* not JSON */ }
    say(text);
  });
  // Undo reloads the page (the queue changed): say what was undone and go to that statement's card.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.id === "undo") { say("undoing ..."); try { sessionStorage.setItem("stancemap-undo", "1"); } catch (e) { /* private mode */ } }
  });
  function afterUndo() {
    var flag = null;
    try { flag = sessionStorage.getItem("stancemap-undo"); sessionStorage.removeItem("stancemap-undo"); } catch (e) { return; }
    if (!flag) { return; }
    var row = document.querySelector("table.history tr.undone");
    if (!row) { say("undone"); return; }
    var cells = row.querySelectorAll("td"), statement = cells[3] ? cells[3].textContent : "";
    var what = [cells[2], cells[5]].map(function (c) { return c ? c.textContent : ""; }).filter(Boolean).join(" ");
    say("Undone: " + what + " of statement " + statement + (cells[4] && cells[4].textContent ? " on " + cells[4].textContent : ""));
    var message = document.getElementById("review-message");
    if (message) { message.classList.add("flash"); }
    var i = cards().findIndex(function (c) { return c.getAttribute("data-statement") === statement; });
    if (i >= 0) { select(i); }
  }
  document.addEventListener("DOMContentLoaded", function () { select(0); afterUndo(); });
})();
