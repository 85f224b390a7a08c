/* stancemap network view: draws /network.json elements with cytoscape.js; the slider picks a month window. */
(function () {
  "use strict";
  var colours = {support: "#16a34a", oppose: "#dc2626", mixed: "#9333ea", neutral: "#9ca3af"};
  var style = [
    {selector: "node", style: {"label": "", "font-size": 12, "text-wrap": "wrap", "text-max-width": 120,
      "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 7,
      "background-color": function (n) { return colours[n.data("lean")] || "#9ca3af"; },
      "width": function (n) { return 10 + Math.min(30, 3 * Math.sqrt(n.data("degree") || n.data("statements") || 0)); },
      "height": function (n) { return 10 + Math.min(30, 3 * Math.sqrt(n.data("degree") || n.data("statements") || 0)); }}},
    {selector: "node[?shown], node:selected, node.hover", style: {"label": "data(label)"}},
    {selector: "node[kind = 'issue']", style: {"shape": "diamond", "background-color": "#2563eb", "font-weight": "bold"}},
    {selector: "edge", style: {"curve-style": "bezier", "opacity": 0.8,
      "width": function (e) { return 1 + Math.min(8, Math.abs(e.data("weight") || 1)); },
      "line-color": function (e) {
        var t = e.data("tie");
        return t === "conflict" || t === "oppose" ? "#dc2626" : (t === "both" ? "#9333ea" : (t === "neutral" ? "#9ca3af" : "#16a34a"));
      }}},
    {selector: "edge[tie = 'conflict'], edge[tie = 'oppose']", style: {"line-style": "dashed"}}
  ];
  var cy = null;
  function draw(data) {
    var box = document.getElementById("cy");
    var elements = data.nodes.concat(data.edges);
    if (cy) { cy.destroy(); }
    cy = window.cytoscape({container: box, elements: elements, style: style,
      layout: {name: "concentric", animate: false, minNodeSpacing: 50, levelWidth: function () { return 1; },
        concentric: function (n) { return n.data("kind") === "issue" ? 1000 : n.degree(); }}});
    cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); });
    cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); });
    cy.on("tap", "node", function (evt) { var href = evt.target.data("href"); if (href) { window.location.assign(href); } });
    window.stancemapNetwork = cy;
    box.setAttribute("data-drawn", String(cy.nodes().length));
  }
  function load(url) {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); }).then(draw);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var holder = document.getElementById("network-data");
    if (!holder || !window.cytoscape) { return; }
    var data = JSON.parse(holder.textContent);
    draw(data);
    var slider = document.getElementById("window");
    var label = document.getElementById("window-label");
    if (slider) {
      slider.addEventListener("input", function () {
        var i = Number(slider.value), params = new URLSearchParams();
        params.set("mode", data.mode);
        if (data.issue) { params.set("issue", data.issue); }
        ["min_weight", "top", "normalize", "backbone"].forEach(function (k) {
          if (data[k] !== null && data[k] !== undefined && data[k] !== "none") { params.set(k, data[k]); }
        });
        if (i > 0) {
          var w = data.windows[i - 1];
          params.set("since", w.since); params.set("until", w.until);
          label.textContent = w.label;
        } else { label.textContent = "all dates"; }
        load("/network.json?" + params.toString());
      });
    }
  });
})();
