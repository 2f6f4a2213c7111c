// The guide's search box: every name of every node (labels, alternative and hidden names), from
// search-index.js (window.csckgGuideIndex: [path, label, kind, [other names]] per node). Results
// are built with textContent, so a name holding HTML is shown as text.
(function () {
  "use strict";
  var box = document.getElementById("guide-search");
  var list = document.getElementById("guide-results");
  if (!box || !list) return;
  var prefix = box.getAttribute("data-prefix") || "", suffix = box.getAttribute("data-suffix") || "";
  function fold(text) { return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function rank(entry, query) {
    var best = null, names = [entry[1]].concat(entry[3]);
    for (var i = 0; i < names.length; i++) {
      var name = fold(names[i]), at = name.indexOf(query);
      if (at < 0) continue;
      var score = (name === query ? 0 : at === 0 ? 1 : /\W/.test(name.charAt(at - 1)) ? 2 : 3) * 2 + (i === 0 ? 0 : 1);
      if (best === null || score < best[0]) best = [score, names[i]];
    }
    return best;
  }
  function search(text) {
    var query = fold(text.trim()), found = [];
    if (!query) return [];
    var index = window.csckgGuideIndex || [];
    for (var i = 0; i < index.length; i++) {
      var hit = rank(index[i], query);
      if (hit) found.push([hit[0], index[i], hit[1]]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1][1].localeCompare(b[1][1]); });
    return found.slice(0, 40);
  }
  function show() {
    list.textContent = "";
    search(box.value).forEach(function (hit) {
      var entry = hit[1], item = document.createElement("li"), link = document.createElement("a");
      link.href = prefix + entry[0] + suffix;
      link.appendChild(document.createTextNode(entry[1] + " "));
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = "(" + entry[2] + ")";
      link.appendChild(kind);
      if (hit[2] !== entry[1]) {
        var matched = document.createElement("span");
        matched.className = "matched";
        matched.textContent = " also called " + hit[2];
        link.appendChild(matched);
      }
      item.appendChild(link);
      list.appendChild(item);
    });
  }
  box.addEventListener("input", show);
  box.addEventListener("keydown", function (event) {
    var first = list.querySelector("a");
    if (event.key === "Enter" && first) { window.location.href = first.href; }
    if (event.key === "ArrowDown" && first) { first.focus(); event.preventDefault(); }
    if (event.key === "Escape") { box.value = ""; show(); }
  });
  list.addEventListener("keydown", function (event) {
    var current = document.activeElement.parentElement;
    if (event.key === "ArrowDown" && current.nextElementSibling) { current.nextElementSibling.firstChild.focus(); event.preventDefault(); }
    if (event.key === "ArrowUp") { (current.previousElementSibling ? current.previousElementSibling.firstChild : box).focus(); event.preventDefault(); }
  });
  window.csckgGuideSearch = search;
})();
