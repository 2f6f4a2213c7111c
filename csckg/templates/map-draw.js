/* Drawing the network map: shapes, labels and whole figures, on a canvas or as SVG.

   vis-network draws the nodes and links on screen; everything else is drawn here, through a
   "pen" (canvasPen or svgPen) so that the screen, the legend, the PNG and the SVG show the same
   shapes and the same labels. Text reaches a canvas by fillText and an SVG by textContent:
   a label is never markup. */
"use strict";

/* The outline of a vis-network shape of radius r at (x, y): a circle, or a polygon's points. */
function outline(shape, x, y, r) {
  const s3 = Math.sqrt(3);
  switch (shape) {
    case "square": return [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]];
    case "diamond": return [[x, y + r], [x + r, y], [x, y - r], [x - r, y]];
    case "triangle": return [[x, y - r * 2 / s3], [x + r, y + r / s3], [x - r, y + r / s3]];
    case "triangleDown": return [[x, y + r * 2 / s3], [x + r, y - r / s3], [x - r, y - r / s3]];
    case "hexagon": return [0, 1, 2, 3, 4, 5].map(i => [x + r * Math.cos(i * Math.PI / 3), y + r * Math.sin(i * Math.PI / 3)]);
    case "star": {
      const inner = r * 0.82, cy = y + 0.1 * inner;
      return [...Array(10).keys()].map(i => {
        const radius = i % 2 === 0 ? inner * 1.3 : inner * 0.5, angle = i * Math.PI / 5;
        return [x + radius * Math.sin(angle), cy - radius * Math.cos(angle)];
      });
    }
    default: return null;  // a dot: a circle
  }
}

const LABEL_FONT = "sans-serif";

/* A pen that draws on a 2D canvas context, in the context's current units. */
function canvasPen(ctx) {
  return {
    line(x1, y1, x2, y2, colour, width, dashed, alpha) {
      ctx.save(); ctx.globalAlpha = alpha === undefined ? 1 : alpha;
      ctx.strokeStyle = colour; ctx.lineWidth = width; ctx.setLineDash(dashed ? [6, 4] : []);
      ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke(); ctx.restore();
    },
    shape(shape, x, y, r, fill, stroke, alpha) {
      ctx.save(); ctx.globalAlpha = alpha === undefined ? 1 : alpha;
      ctx.beginPath();
      const points = outline(shape, x, y, r);
      if (points) { ctx.moveTo(...points[0]); points.slice(1).forEach(p => ctx.lineTo(...p)); ctx.closePath(); }
      else ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = fill; ctx.fill();
      if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = Math.max(0.5, r / 10); ctx.stroke(); }
      ctx.restore();
    },
    polygon(points, fill) {
      ctx.beginPath(); ctx.moveTo(...points[0]); points.slice(1).forEach(p => ctx.lineTo(...p)); ctx.closePath();
      ctx.fillStyle = fill; ctx.fill();
    },
    rect(x, y, w, h, fill, stroke, radius) {
      ctx.save(); ctx.beginPath();
      if (ctx.roundRect) ctx.roundRect(x, y, w, h, radius || 0); else ctx.rect(x, y, w, h);
      ctx.fillStyle = fill; ctx.fill();
      if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = 1; ctx.stroke(); }
      ctx.restore();
    },
    /* Text with its top-left corner at (x, y), with a white halo so it reads over links. */
    text(text, x, y, size, colour, weight, halo) {
      ctx.save(); ctx.font = (weight || "normal") + " " + size + "px " + LABEL_FONT;
      ctx.textBaseline = "top"; ctx.textAlign = "left";
      if (halo) { ctx.lineWidth = Math.max(2, size / 4); ctx.strokeStyle = "rgba(255,255,255,0.9)";
                  ctx.lineJoin = "round"; ctx.strokeText(text, x, y); }
      ctx.fillStyle = colour; ctx.fillText(text, x, y); ctx.restore();
    },
  };
}

const SVG_NS = "http://www.w3.org/2000/svg";

/* A pen that adds SVG elements to ``root``. */
function svgPen(root) {
  function add(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    Object.entries(attributes).forEach(([k, v]) => { if (v !== undefined && v !== null) node.setAttribute(k, v); });
    root.appendChild(node);
    return node;
  }
  const fix = n => Math.round(n * 100) / 100;
  return {
    line(x1, y1, x2, y2, colour, width, dashed, alpha) {
      add("line", {x1: fix(x1), y1: fix(y1), x2: fix(x2), y2: fix(y2), stroke: colour, "stroke-width": width,
                   "stroke-dasharray": dashed ? "6 4" : null, opacity: alpha === undefined || alpha === 1 ? null : alpha});
    },
    shape(shape, x, y, r, fill, stroke, alpha) {
      const points = outline(shape, x, y, r);
      const common = {fill: fill, stroke: stroke || null, "stroke-width": stroke ? Math.max(0.5, r / 10) : null,
                      opacity: alpha === undefined || alpha === 1 ? null : alpha};
      if (points) add("polygon", Object.assign({points: points.map(p => fix(p[0]) + "," + fix(p[1])).join(" ")}, common));
      else add("circle", Object.assign({cx: fix(x), cy: fix(y), r: fix(r)}, common));
    },
    polygon(points, fill) { add("polygon", {points: points.map(p => fix(p[0]) + "," + fix(p[1])).join(" "), fill: fill}); },
    rect(x, y, w, h, fill, stroke, radius) {
      add("rect", {x: fix(x), y: fix(y), width: fix(w), height: fix(h), fill: fill, stroke: stroke || null, rx: radius || null});
    },
    text(text, x, y, size, colour, weight, halo) {
      const node = add("text", {x: fix(x), y: fix(y + size * 0.85), "font-size": size, "font-family": LABEL_FONT,
                                fill: colour, "font-weight": weight || null,
                                stroke: halo ? "white" : null, "stroke-width": halo ? Math.max(2, size / 4) : null,
                                "stroke-opacity": halo ? 0.9 : null, "paint-order": halo ? "stroke" : null});
      node.textContent = text;
    },
  };
}

/* Width of a text at 1 px, measured once per text (text widths scale with the font size). */
const measureContext = document.createElement("canvas").getContext("2d");
const widths = new Map();
function textWidth(text, size) {
  let width = widths.get(text);
  if (width === undefined) {
    measureContext.font = "100px " + LABEL_FONT;
    width = measureContext.measureText(text).width / 100;
    widths.set(text, width);
  }
  return width * size;
}

/* A label as at most two lines of about ``columns`` characters, the second cut with "…". */
function wrap(label, columns) {
  const words = label.split(/\s+/), lines = [""];
  for (const word of words) {
    const line = lines[lines.length - 1];
    if (!line || (line + " " + word).length <= columns) lines[lines.length - 1] = line ? line + " " + word : word;
    else if (lines.length < 2) lines.push(word);
    else { lines[1] += " " + word; }
  }
  if (lines.length === 2 && lines[1].length > columns) lines[1] = lines[1].slice(0, columns - 1).trimEnd() + "…";
  if (lines[0].length > columns + 8) lines[0] = lines[0].slice(0, columns + 7) + "…";
  return lines;
}

const LABEL_COLUMNS = 26;
const LINE_HEIGHT = 1.15;

/* Where labels go: the most important first, each at the first of four places around its
   node (below, above, right, left, the four corners, then the same a line further out) that stays on the canvas and overlaps no node and no label
   or badge already placed. ``candidates`` are {id, label, x, y, r, size, rank, badge}: screen
   position and radius, font size in px, priority (lower first) and an optional "+N" to place
   by the node's upper right; ``obstacles`` are the drawn nodes, {id, x, y, r}. A label of
   BOLD_PX or more that finds no such place may cover small nodes, never a label. Returns
   {id, lines, size, box: [x, y, w, h], badge: {text, box} or null} for each label placed. */
function placeLabels(candidates, obstacles, width, height) {
  const cell = 64, grid = new Map(), placed = [];
  const keys = box => {
    const found = [];
    for (let gx = Math.floor(box[0] / cell); gx <= Math.floor((box[0] + box[2]) / cell); gx++)
      for (let gy = Math.floor(box[1] / cell); gy <= Math.floor((box[1] + box[3]) / cell); gy++) found.push(gx + "," + gy);
    return found;
  };
  const occupy = (box, owner) => keys(box).forEach(key => {
    if (!grid.has(key)) grid.set(key, []);
    grid.get(key).push({box: box, owner: owner});
  });
  const overlaps = (a, b) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
  const free = (box, owner, overNodes) => box[0] >= 0 && box[1] >= 0 && box[0] + box[2] <= width &&
    box[1] + box[3] <= height && keys(box).every(key => (grid.get(key) || []).every(
      o => o.owner === owner || (overNodes && o.node) || !overlaps(box, o.box)));
  obstacles.forEach(o => { if (o.r >= 1.5) occupy([o.x - o.r, o.y - o.r, 2 * o.r, 2 * o.r], o.id); });
  grid.forEach(list => list.forEach(o => { o.node = true; }));
  candidates.slice().sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label)).forEach(c => {
    const lines = wrap(c.label, LABEL_COLUMNS);
    const w = Math.max(...lines.map(line => textWidth(line, c.size))) + 2, h = lines.length * c.size * LINE_HEIGHT;
    const around = gap => {
      const right = c.x + c.r * 0.7 + gap, left = c.x - c.r * 0.7 - gap - w;
      return [[c.x - w / 2, c.y + c.r + gap], [c.x - w / 2, c.y - c.r - gap - h],
              [c.x + c.r + gap + 2, c.y - h / 2], [c.x - c.r - gap - 2 - w, c.y - h / 2],
              [right, c.y + c.r * 0.7], [left, c.y + c.r * 0.7], [right, c.y - c.r * 0.7 - h], [left, c.y - c.r * 0.7 - h]];
    };
    const spots = [...around(2), ...around(2 + c.size)].map(([x, y]) => [x, y, w, h]);
    const spot = spots.find(box => free(box, c.id)) || (c.size >= BOLD_PX ? spots.find(box => free(box, c.id, true)) : null);
    if (!spot) return;
    occupy(spot, "label " + c.id);  // so that the node's own badge keeps off it too
    let badge = null;
    if (c.badge) {
      const box = badgeBox(c.x, c.y, c.r, c.badge);
      if (free(box, c.id)) { occupy(box, c.id); badge = {text: c.badge, box: box}; }
    }
    placed.push({id: c.id, lines: lines, size: c.size, box: spot, badge: badge});
  });
  return placed;
}

const BADGE_PX = 10, BOLD_PX = 13;

function badgeBox(x, y, r, text) {
  const w = textWidth(text, BADGE_PX) + 6, h = BADGE_PX + 4;
  return [x + r * 0.7, y - r * 0.7 - h, w, h];
}

function drawLabels(pen, placed, colourOf) {
  placed.forEach(p => p.lines.forEach((line, i) => {
    const w = textWidth(line, p.size) + 2;
    pen.text(line, p.box[0] + (p.box[2] - w) / 2 + 1, p.box[1] + i * p.size * LINE_HEIGHT, p.size, colourOf(p.id), null, true);
  }));
}

/* "+12" in a box by a node: the nodes folded into it. */
function drawBadge(pen, box, text) {
  pen.rect(box[0], box[1], box[2], box[3], "#ffffff", "#666666", 3);
  pen.text(text, box[0] + 3, box[1] + 2, BADGE_PX, "#222222");
}

function drawArrowHead(pen, fromX, fromY, toX, toY, r, colour, alpha) {
  const angle = Math.atan2(toY - fromY, toX - fromX), tip = [toX - Math.cos(angle) * r, toY - Math.sin(angle) * r];
  const length = 8, spread = 0.45;
  const left = [tip[0] - length * Math.cos(angle - spread), tip[1] - length * Math.sin(angle - spread)];
  const right = [tip[0] - length * Math.cos(angle + spread), tip[1] - length * Math.sin(angle + spread)];
  if (alpha === undefined || alpha > 0.5) pen.polygon([tip, left, right], colour);
}

/* The legend: each kind's shape and colour, then what arrows, dashes and "+N" mean.
   Drawn at (x, y); returns its height. */
function drawLegend(pen, x, y, kinds) {
  let row = y;
  pen.text("Legend", x, row, 13, "#222222", "bold"); row += 20;
  kinds.forEach(kind => {
    pen.shape(kind.shape, x + 8, row + 7, 6, kind.colour, "#222222");
    pen.text(kind.label, x + 22, row, 12, "#222222"); row += 18;
  });
  row += 4;
  pen.line(x, row + 7, x + 16, row + 7, "#777777", 1.5);
  drawArrowHead(pen, x, row + 7, x + 18, row + 7, 2, "#777777");
  pen.text("link, arrow towards what is named", x + 22, row, 11, "#222222"); row += 18;
  pen.line(x, row + 7, x + 16, row + 7, "#999999", 1.5, true);
  pen.text("derived from a source document", x + 22, row, 11, "#222222"); row += 18;
  drawBadge(pen, badgeBox(x - 2, row + 15, 0, "+5"), "+5");
  pen.text("nodes folded in: click to show", x + 22, row + 2, 11, "#222222"); row += 20;
  return row - y;
}
