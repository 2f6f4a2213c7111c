/* The network map's behaviour: layout, folding, filters, selection, search, details and export.
   DATA, OPTIONS and TITLE come from the page as JSON; drawing helpers from map-draw.js.
   Every piece of text from the graph is set with textContent or fillText: never as HTML. */

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function tooltip(n) {
  const box = el("div", null, "tip");
  box.appendChild(el("strong", n.label));
  box.appendChild(el("span", n.kind, "kind"));
  const facts = el("ul");
  const shown = n.facts.filter(f => f[0] !== "description" && f[0] !== "also called").slice(0, 12);
  shown.forEach(([name, text]) => facts.appendChild(el("li", name + ": " + text)));
  if (shown.length) box.appendChild(facts);
  if (n.sources.length) {
    box.appendChild(el("div", "Sources:"));
    const list = el("ul");
    n.sources.slice(0, 6).forEach(([doc, section]) => list.appendChild(el("li", section ? doc + " — " + section : doc)));
    if (n.sources.length > 6) list.appendChild(el("li", "and " + (n.sources.length - 6) + " more"));
    box.appendChild(list);
  }
  return box;
}

const KIND_STYLE = new Map(DATA.kinds.map(k => [k.name, k]));
const byId = new Map(DATA.nodes.map(n => [n.id, n]));
const neighbours = new Map(DATA.nodes.map(n => [n.id, []]));
DATA.edges.forEach(e => { neighbours.get(e.from).push(e); neighbours.get(e.to).push(e); });
const EDGE_COLOUR = OPTIONS.edges.color.color;
const kindOrder = new Map(DATA.kinds.map((k, i) => [k.name, i]));

/* vis-network draws shapes and links only: labels are drawn by drawScreenLabels below. */
const nodes = new vis.DataSet(DATA.nodes.map(n => ({
  id: n.id, group: n.group, x: n.x, y: n.y, size: n.size, physics: n.physics, title: tooltip(n),
  hidden: !KIND_STYLE.get(n.group).shown})));
const edges = new vis.DataSet(DATA.edges.map(e => Object.assign({}, e, {
  title: el("div", e.relation, "tip"), hidden: true})));
const container = document.getElementById("network");
const network = new vis.Network(container, {nodes: nodes, edges: edges}, OPTIONS);
const status = document.getElementById("status");

const state = {
  selected: null,           // the clicked node
  highlighted: null,        // it and its neighbours, or null when nothing is selected
  revealed: new Set(),      // folded nodes shown around the selected node
  pinned: new Set(),        // folded nodes kept shown ("Keep them shown")
  placed: new Set(),        // folded nodes given a place of their own
  folded: new Map(),        // node -> how many of its neighbours are folded into it
  shown: new Set(),         // the nodes drawn now
  labelSize: new Map(),     // node -> its label's font size in canvas units, fixed once laid out
  labels: [],               // the labels drawn on screen last, with their boxes
};

/* ---- Filters and folding ---- */

function tickedKinds() { return new Set([...document.querySelectorAll("input[name=kind]:checked")].map(i => i.value)); }

/* Whether a node passes the model, authority and evidence filters (its kind aside). */
function passes(n, model, authority, levels) {
  return (!model || n.models.includes(model)) && (!authority || n.authorities.includes(authority)) &&
    (!n.level || !levels || levels.has(n.level));
}

function filterValues() {
  const levelBoxes = [...document.querySelectorAll("input[name=level]")];
  return {
    model: document.getElementById("model-filter").value,
    authority: document.getElementById("authority-filter").value,
    levels: levelBoxes.length ? new Set(levelBoxes.filter(i => i.checked).map(i => i.value)) : null,
  };
}

function visibleIds() {
  const kinds = tickedKinds(), f = filterValues();
  return new Set(DATA.nodes.filter(n => passes(n, f.model, f.authority, f.levels) &&
    (kinds.has(n.group) || state.revealed.has(n.id) || state.pinned.has(n.id))).map(n => n.id));
}

/* Folded nodes get a place of their own: on rings around their anchor, in kind and label order. */
function ring(anchor, ids) {
  const centre = network.getPosition(anchor);
  const start = byId.get(anchor).size + Math.max(...ids.map(id => byId.get(id).size)) + 60;
  ids.sort((a, b) => kindOrder.get(byId.get(a).group) - kindOrder.get(byId.get(b).group) ||
                     byId.get(a).label.localeCompare(byId.get(b).label));
  let i = 0;
  for (let round = 0; i < ids.length; round++) {
    const radius = start + round * 70, count = Math.min(ids.length - i, Math.max(6, Math.floor(2 * Math.PI * radius / 70)));
    for (let j = 0; j < count; j++, i++) {
      const angle = -Math.PI / 2 + 2 * Math.PI * j / count + round * 0.4;
      network.moveNode(ids[i], centre.x + radius * Math.cos(angle), centre.y + radius * Math.sin(angle));
      state.placed.add(ids[i]);
    }
  }
}

/* Folded nodes newly shown by ticking their kind: around their most important shown neighbour. */
function placeNewlyShown(shown, before) {
  const byAnchor = new Map(), loose = [];
  [...shown].filter(id => !before.has(id) && !byId.get(id).physics && !state.placed.has(id)).forEach(id => {
    const anchors = neighbours.get(id).map(e => e.from === id ? e.to : e.from)
      .filter(other => before.has(other)).sort((a, b) => byId.get(b).size - byId.get(a).size || a.localeCompare(b));
    if (anchors.length) { if (!byAnchor.has(anchors[0])) byAnchor.set(anchors[0], []); byAnchor.get(anchors[0]).push(id); }
    else loose.push(id);
  });
  byAnchor.forEach((ids, anchor) => ring(anchor, ids));
  if (loose.length) {
    const positions = Object.values(network.getPositions([...before]));
    const bottom = Math.max(0, ...positions.map(p => p.y)) + 120, left = Math.min(0, ...positions.map(p => p.x));
    // nodes with no shown neighbour go in rows under the picture
    loose.sort().forEach((id, i) => { network.moveNode(id, left + (i % 30) * 60, bottom + Math.floor(i / 30) * 60); state.placed.add(id); });
  }
}

function applyFilters() {
  const before = state.shown, shown = visibleIds();
  placeNewlyShown(shown, before);
  state.shown = shown;
  nodes.update(DATA.nodes.map(n => ({id: n.id, hidden: !shown.has(n.id)})));
  edges.update(DATA.edges.map(e => ({id: e.id, hidden: !(shown.has(e.from) && shown.has(e.to))})));
  const kinds = tickedKinds(), f = filterValues();
  state.folded = new Map();
  shown.forEach(id => {
    const count = neighbours.get(id).map(e => e.from === id ? e.to : e.from).filter(other => !shown.has(other) &&
      byId.get(other).group !== "source" && !kinds.has(byId.get(other).group) &&
      passes(byId.get(other), f.model, f.authority, f.levels)).length;
    if (count) state.folded.set(id, count);
  });
  const folded = DATA.nodes.length - shown.size;
  status.textContent = shown.size + " of " + DATA.nodes.length + " nodes shown" +
    (folded && shown.size ? ", the rest folded" : "");
  const empty = document.getElementById("empty");
  if (shown.size === 0) {
    const named = [];
    if (f.model) named.push("practice model “" + byId.get(f.model).label + "”");
    if (f.authority) named.push("local authority “" + byId.get(f.authority).label + "”");
    if (f.levels && f.levels.size < DATA.levels.length) named.push("the evidence levels ticked");
    if (!kinds.size) named.push("no kind ticked");
    empty.replaceChildren(el("p", "Nothing matches these filters together" + (named.length ? ": " + named.join(", ") + "." : ".")));
    const reset = el("button", "Show everything"); reset.type = "button";
    reset.addEventListener("click", () => document.getElementById("reset").click());
    empty.appendChild(reset);
    empty.hidden = false;
    status.textContent = "No node matches these filters";
  } else {
    empty.hidden = true;
  }
  if (state.selected && !shown.has(state.selected)) clearSelection();
  else if (state.selected) highlight(state.selected);
}

/* ---- Selection: a node and its neighbours stay bright, the rest dims ---- */

function highlight(id) {
  const lit = new Set([id]);
  neighbours.get(id).forEach(e => { const other = e.from === id ? e.to : e.from; if (state.shown.has(other)) lit.add(other); });
  state.highlighted = lit;
  nodes.update(DATA.nodes.map(n => ({id: n.id, opacity: lit.has(n.id) ? 1 : 0.15})));
  edges.update(DATA.edges.map(e => {
    const touches = e.from === id || e.to === id;
    return {id: e.id, color: {color: touches ? "#555555" : (e.color ? e.color.color : EDGE_COLOUR), highlight: "#333333",
                              opacity: touches ? 1 : 0.12}, width: touches ? 1.5 : e.width};
  }));
}

function select(id) {
  const n = byId.get(id);
  if (state.selected !== id) state.revealed = new Set();
  state.selected = id;
  if (!state.shown.has(id)) state.revealed.add(id);  // a folded node found by search unfolds itself
  const kinds = tickedKinds(), f = filterValues();
  const folded = neighbours.get(id).map(e => e.from === id ? e.to : e.from)
    .filter(other => !state.shown.has(other) && !kinds.has(byId.get(other).group) &&
      passes(byId.get(other), f.model, f.authority, f.levels));
  folded.forEach(other => state.revealed.add(other));
  if (folded.length) ring(id, folded);
  if (!n.physics || folded.length || !state.shown.has(id)) applyFilters(); else highlight(id);
  network.selectNodes([id]);
}

function clearSelection() {
  state.selected = null;
  state.highlighted = null;
  const hadRevealed = state.revealed.size > 0;
  state.revealed = new Set();
  nodes.update(DATA.nodes.map(n => ({id: n.id, opacity: 1})));
  edges.update(DATA.edges.map(e => ({id: e.id, color: e.color || {color: EDGE_COLOUR, highlight: "#333333"}, width: e.width})));
  network.unselectAll();
  if (hadRevealed) applyFilters();
}

/* ---- Labels, sized by importance, drawn over vis-network's canvas ---- */

const MIN_LABEL_PX = 10, MAX_LABEL_PX = 18;

/* Each node's label size in canvas units, fixed from the scale at which the whole map fits:
   at that scale the labels of the drawn nodes run from 16 px (the biggest) down to 7 px (too
   small to draw: they appear as you zoom in), by rank of size, equal sizes alike; folded
   nodes start at 7 px. A map of SMALL_MAP nodes or fewer labels every node, 10 px and up. */
const SMALL_MAP = 40;
function fixLabelSizes() {
  const fitScale = network.getScale();
  const drawn = DATA.nodes.filter(n => n.physics).map(n => n.size).sort((a, b) => a - b);
  const smallest = drawn.length <= SMALL_MAP ? MIN_LABEL_PX : 7;
  const below = new Map(), equal = new Map();
  drawn.forEach((size, i) => { if (!below.has(size)) below.set(size, i); equal.set(size, (equal.get(size) || 0) + 1); });
  DATA.nodes.forEach(n => {
    const rank = n.physics && drawn.length > 1 ? (below.get(n.size) + (equal.get(n.size) - 1) / 2) / (drawn.length - 1) : 0;
    state.labelSize.set(n.id, (smallest + (16 - smallest) * rank) / fitScale);
  });
}

function labelCandidates(scale, toScreen, width, height) {
  const candidates = [];
  state.shown.forEach(id => {
    const lit = state.highlighted;
    if (lit && !lit.has(id)) return;
    const n = byId.get(id), p = toScreen(id);
    if (p.x < -200 || p.y < -50 || p.x > width + 200 || p.y > height + 50) return;
    let size = Math.min(MAX_LABEL_PX, (state.labelSize.get(id) || 0) * scale);
    if (lit) size = id === state.selected ? 14 : Math.min(12, Math.max(size, 11));  // the neighbourhood, all legible
    if (size < MIN_LABEL_PX) return;
    size = Math.round(size * 2) / 2;
    const folded = state.folded.get(id);
    candidates.push({id: id, label: n.label, x: p.x, y: p.y, r: n.size * scale, size: size,
                     rank: (id === state.selected ? -1e9 : 0) - n.size, badge: folded ? "+" + folded : null});
  });
  return candidates;
}

function drawOverlay(pen, scale, toScreen, width, height) {
  const obstacles = [...state.shown].map(id => Object.assign({id: id, r: byId.get(id).size * scale}, toScreen(id)));
  const placed = placeLabels(labelCandidates(scale, toScreen, width, height), obstacles, width, height);
  drawLabels(pen, placed, () => "#1a1a1a");
  placed.forEach(p => { if (p.badge) drawBadge(pen, p.badge.box, p.badge.text); });
  return placed;
}

function screenView() {
  const positions = network.getPositions([...state.shown]);
  const scale = network.getScale();
  return {scale: scale, width: container.clientWidth, height: container.clientHeight,
          toScreen: id => network.canvasToDOM(positions[id])};
}

network.on("afterDrawing", ctx => {
  if (!state.labelSize.size) return;
  const view = screenView(), ratio = network.canvas.pixelRatio || 1;
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  state.labels = drawOverlay(canvasPen(ctx), view.scale, view.toScreen, view.width, view.height);
  ctx.restore();
});

/* ---- Export: the picture on screen, at a chosen scale, with title and legend ---- */

const TITLE_HEIGHT = 46, LEGEND_WIDTH = 250;

function drawFigure(pen) {
  const view = screenView(), width = view.width, height = view.height;
  const toScreen = id => { const p = view.toScreen(id); return {x: p.x, y: p.y + TITLE_HEIGHT}; };
  pen.rect(0, 0, width + LEGEND_WIDTH, height + TITLE_HEIGHT, "#ffffff");
  pen.text(TITLE, 12, 8, 17, "#111111", "bold");
  pen.text(status.textContent, 12, 28, 12, "#555555");
  pen.clip(0, TITLE_HEIGHT, width, height);
  const shown = state.shown, lit = state.highlighted;
  DATA.edges.forEach(e => {
    if (!shown.has(e.from) || !shown.has(e.to)) return;
    const a = toScreen(e.from), b = toScreen(e.to);
    const touches = lit && (e.from === state.selected || e.to === state.selected);
    const alpha = lit && !touches ? 0.12 : 1, colour = touches ? "#555555" : (e.color ? e.color.color : EDGE_COLOUR);
    pen.line(a.x, a.y, b.x, b.y, colour, touches ? 1.5 : 1, !!e.dashes, alpha);
    if (e.arrows === "to") drawArrowHead(pen, a.x, a.y, b.x, b.y, byId.get(e.to).size * view.scale + 1, colour, alpha);
    if (e.arrows === "from") drawArrowHead(pen, b.x, b.y, a.x, a.y, byId.get(e.from).size * view.scale + 1, colour, alpha);
  });
  shown.forEach(id => {
    const n = byId.get(id), p = toScreen(id), style = KIND_STYLE.get(n.group);
    pen.shape(style.shape, p.x, p.y, n.size * view.scale, style.colour, "#222222", lit && !lit.has(id) ? 0.15 : 1);
  });
  drawOverlay(pen, view.scale, toScreen, width, height + TITLE_HEIGHT);
  pen.unclip();
  pen.line(width + 0.5, TITLE_HEIGHT, width + 0.5, height + TITLE_HEIGHT, "#cccccc", 1);
  drawLegend(pen, width + 16, TITLE_HEIGHT + 10, DATA.kinds.filter(k => k.count));
}

function exportScale() { return Number(document.getElementById("export-scale").value); }

function pngDataUrl(scale) {
  const view = screenView(), canvas = document.createElement("canvas");
  canvas.width = Math.round((view.width + LEGEND_WIDTH) * scale);
  canvas.height = Math.round((view.height + TITLE_HEIGHT) * scale);
  const ctx = canvas.getContext("2d");
  ctx.scale(scale, scale);
  drawFigure(withClip(canvasPen(ctx), ctx));
  return canvas.toDataURL("image/png");
}

function svgText() {
  const view = screenView(), svg = document.createElementNS(SVG_NS, "svg");
  const width = view.width + LEGEND_WIDTH, height = view.height + TITLE_HEIGHT;
  svg.setAttribute("xmlns", SVG_NS);
  svg.setAttribute("width", width); svg.setAttribute("height", height);
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  drawFigure(withSvgClip(svgPen(svg), svg));
  return new XMLSerializer().serializeToString(svg);
}

/* Clipping the map to its frame, on a canvas and in SVG. */
function withClip(pen, ctx) {
  pen.clip = (x, y, w, h) => { ctx.save(); ctx.beginPath(); ctx.rect(x, y, w, h); ctx.clip(); };
  pen.unclip = () => ctx.restore();
  return pen;
}

function withSvgClip(pen, svg) {
  let group = null;
  pen.clip = (x, y, w, h) => {
    const clip = document.createElementNS(SVG_NS, "clipPath"), rect = document.createElementNS(SVG_NS, "rect");
    clip.setAttribute("id", "map-frame");
    [["x", x], ["y", y], ["width", w], ["height", h]].forEach(([k, v]) => rect.setAttribute(k, v));
    clip.appendChild(rect); svg.appendChild(clip);
    group = document.createElementNS(SVG_NS, "g");
    group.setAttribute("clip-path", "url(#map-frame)");
    svg.appendChild(group);
    Object.assign(pen, svgPen(group), {clip: pen.clip, unclip: pen.unclip});
  };
  pen.unclip = () => Object.assign(pen, svgPen(svg), {clip: pen.clip, unclip: pen.unclip});
  return pen;
}

document.getElementById("save-png").addEventListener("click", () => download("csckg-map.png", pngDataUrl(exportScale())));
document.getElementById("save-svg").addEventListener("click", () =>
  download("csckg-map.svg", "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText())));

/* ---- The details panel: facts, sources, and every link worded from this node ---- */

function linkText(e, id) {
  const other = byId.get(e.from === id ? e.to : e.from), words = e.from === id ? e.fromWords : e.toWords;
  const name = other.label + " (" + other.kind + ")";
  return words ? words + " → " + name : name + " " + e.relation + " → this";
}

/* Select a node, light up its neighbours and fill the details panel. ``how`` is "zoom" (from
   search or a link: the view closes in on the node and its neighbours), "stay" (a click on
   the map) or "mark" (the focus of a focus view, on opening: marked, nothing dimmed). */
function showNode(id, how = "zoom") {
  const n = byId.get(id);
  if (!n) return;
  if (!passes(n, ...Object.values(filterValues()))) document.getElementById("reset").click();
  if (how === "mark") network.selectNodes([id]);
  else select(id);
  if (how === "zoom") network.fit({nodes: state.highlighted ? [...state.highlighted] : [id], maxZoomLevel: 1.2, animation: false});
  const panel = document.getElementById("details");
  panel.replaceChildren(el("h2", n.label), el("div", n.kind, "kind"));
  if (n.names.length) panel.appendChild(el("div", "Also called: " + n.names.join(", "), "note"));
  const folded = [...state.revealed].filter(other => neighbours.get(id).some(e => e.from === other || e.to === other));
  if (folded.length) {
    const counts = new Map();
    folded.forEach(other => { const kind = byId.get(other).kind; counts.set(kind, (counts.get(kind) || 0) + 1); });
    const line = el("p", "Unfolded around it: " + [...counts].map(([k, c]) => c + " × " + k).join(", ") + ". ", "note");
    const keep = el("button", "Keep them shown"); keep.type = "button";
    keep.addEventListener("click", () => { folded.forEach(other => state.pinned.add(other)); keep.disabled = true; });
    line.appendChild(keep);
    panel.appendChild(line);
  }
  const facts = el("dl");
  n.facts.forEach(([name, text]) => { facts.appendChild(el("dt", name)); facts.appendChild(el("dd", text)); });
  panel.appendChild(facts);
  panel.appendChild(el("h3", "Sources"));
  const sources = el("ul");
  n.sources.forEach(([doc, section]) => sources.appendChild(el("li", section ? doc + " — " + section : doc)));
  if (!n.sources.length) sources.appendChild(el("li", "none recorded on this node"));
  panel.appendChild(sources);
  panel.appendChild(el("h3", "Connects to (" + neighbours.get(id).length + ")"));
  neighbours.get(id).slice().sort((a, b) => {
    const x = byId.get(a.from === id ? a.to : a.from), y = byId.get(b.from === id ? b.to : b.from);
    return kindOrder.get(x.group) - kindOrder.get(y.group) || x.label.localeCompare(y.label);
  }).forEach(e => {
    const button = el("button", linkText(e, id), "link");
    button.type = "button";
    button.addEventListener("click", () => showNode(e.from === id ? e.to : e.from));
    panel.appendChild(button);
  });
}

network.on("click", params => {
  if (params.nodes.length) showNode(params.nodes[0], "stay");
  else if (!params.edges.length) clearSelection();
});

/* ---- Search: labels and every other name, best match first ---- */

function matchRank(n, wanted) {
  const label = n.label.toLowerCase(), names = n.names.map(x => x.toLowerCase());
  const wordStart = text => text.split(/[^a-z0-9]+/).some(word => word.startsWith(wanted));
  if (label === wanted) return 0;
  if (names.includes(wanted)) return 1;
  if (label.startsWith(wanted)) return 2;
  if (names.some(x => x.startsWith(wanted))) return 3;
  if (wordStart(label)) return 4;
  if (label.includes(wanted)) return 5;
  if (names.some(x => x.includes(wanted))) return 6;
  return -1;
}

const searchBox = document.getElementById("search");
function search(text) {
  const wanted = text.trim().toLowerCase();
  const results = document.getElementById("search-results");
  results.replaceChildren();
  if (!wanted) { document.getElementById("search-status").textContent = ""; return []; }
  const found = DATA.nodes.map(n => [n, matchRank(n, wanted)]).filter(([, rank]) => rank >= 0)
    .sort(([a, x], [b, y]) => x - y || b.size - a.size || a.label.length - b.label.length || a.label.localeCompare(b.label))
    .map(([n]) => n);
  document.getElementById("search-status").textContent = found.length + (found.length === 1 ? " match" : " matches");
  found.slice(0, 50).forEach(n => {
    const also = n.names.find(x => x.toLowerCase().includes(wanted) && !n.label.toLowerCase().includes(wanted));
    const button = el("button", n.label + " (" + n.kind + ")" + (also ? " — " + also : ""));
    button.type = "button";
    button.dataset.id = n.id;
    button.addEventListener("click", () => showNode(n.id));
    results.appendChild(button);
  });
  return found;
}
searchBox.addEventListener("input", () => search(searchBox.value));
searchBox.addEventListener("keydown", event => {
  if (event.key === "Enter") { const found = search(searchBox.value); if (found.length) showNode(found[0].id); }
});

/* ---- Controls ---- */

document.querySelectorAll("#controls input[type=checkbox], #controls select").forEach(
  input => input.addEventListener("change", applyFilters));
document.getElementById("reset").addEventListener("click", () => {
  document.querySelectorAll("input[name=kind]").forEach(i => { i.checked = KIND_STYLE.get(i.value).shown; });
  document.querySelectorAll("input[name=level]").forEach(i => { i.checked = true; });
  document.querySelectorAll("#controls select").forEach(s => { s.value = ""; });
  state.pinned = new Set();
  applyFilters();
});
document.getElementById("fit").addEventListener("click", () => network.fit({animation: false}));

function togglePanel(button, cls) {
  button.addEventListener("click", () => {
    document.body.classList.toggle(cls);
    button.setAttribute("aria-pressed", String(!document.body.classList.contains(cls)));
    network.setSize("100%", "100%");
    network.redraw();
  });
}
togglePanel(document.getElementById("toggle-controls"), "no-controls");
togglePanel(document.getElementById("toggle-details"), "no-details");

/* Each kind's real shape and colour in the legend, and what a link looks like. */
document.querySelectorAll(".icon").forEach(icon => {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("width", 18); svg.setAttribute("height", 16);
  const pen = svgPen(svg);
  if (icon.dataset.shape) pen.shape(icon.dataset.shape, 9, 8, 6, icon.dataset.colour, "#222222");
  else if (icon.dataset.line === "dashed") pen.line(1, 8, 17, 8, "#999999", 1.5, true);
  else { pen.line(1, 8, 15, 8, "#777777", 1.5); drawArrowHead(pen, 1, 8, 18, 8, 1, "#777777"); }
  icon.appendChild(svg);
});

/* ---- Layout: a short seeded physics run from the starting positions, then fixed ---- */

function settled() {
  network.setOptions({physics: false});
  network.fit({animation: false});
  fixLabelSizes();
  document.body.dataset.settled = "true";
  if (DATA.focus) showNode(DATA.focus, "mark"); else network.redraw();
}
applyFilters();
network.once("stabilizationIterationsDone", settled);
if (!OPTIONS.physics.enabled) settled();

window.csckgMap = {
  network: network, nodes: nodes, edges: edges, search: search, showNode: showNode, data: DATA,
  visibleNodeIds: () => [...state.shown],
  visibleEdgeIds: () => edges.get({filter: e => !e.hidden}).map(e => e.id),
  highlighted: () => state.highlighted ? [...state.highlighted] : [],
  labels: () => state.labels.map(l => ({id: l.id, size: l.size, box: l.box, text: l.lines.join(" "),
                                        badge: l.badge && l.badge.text})),
  folded: id => state.folded.get(id) || 0,
  png: scale => pngDataUrl(scale || exportScale()),
  svg: svgText,
};
