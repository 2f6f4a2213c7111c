// The evidence gap map's script: counts every cell from its findings (DATA, written by
// visualise/gaps.py), so that the filters can recount it; folds rows; opens a cell's findings
// in a side panel; exports the visible cells as CSV and the picture as PNG.
//
// A cell is counted as queries/evidence-map.rq counts it: studies and findings (distinct),
// the same for findings attributed to the model, the best level (highest rank, ties broken
// by IRI), findings by direction, and contested when attributed findings conflict. The
// filters are OR within a list and AND across lists, as EPPI-Mapper's are. Every label
// reaches the page as text (textContent, fillText), never as markup.
(() => {
  "use strict";
  const DIRECTION = "https://w3id.org/csckg/direction/";
  const ARROWS = {"positive": "\u25B2", "null or negative": "\u25BC", "mixed": "\u25C6", "inconclusive": "?"};
  const levels = Object.fromEntries(DATA.levels.map(level => [level.iri, level]));
  const models = Object.fromEntries(DATA.rows.map(row => [row.model, row.label]));
  const domains = Object.fromEntries(DATA.domains.map(domain => [domain.iri, domain.label]));
  const listed = new Map(DATA.cells.map(([model, domain, findings]) => [model + " " + domain, findings]));
  const FILTERS = {
    level: {heading: "evidence level", choices: DATA.levels, of: f => [f.level]},
    comparison: {heading: "comparison", choices: DATA.comparisons, of: f => [f.comparison]},
    direction: {heading: "direction", choices: DATA.directions, of: f => [f.direction]},
    project: {heading: "project", choices: DATA.projects, of: f => [f.project]},
    authority: {heading: "local authority", choices: DATA.authorities, of: f => DATA.projectAuthorities[f.project] || []},
  };
  const chosen = Object.fromEntries(Object.keys(FILTERS).map(name => [name, new Set()]));
  const attributedOnly = document.getElementById("attributed-only");
  const directOnly = document.getElementById("direct-only");
  const panel = document.getElementById("panel");
  const panelBody = document.getElementById("panel-body");
  const status = document.getElementById("status");
  const table = document.getElementById("gap-map");
  let selected = null;   // the td whose findings the panel shows

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function kept([iri, attributed]) {
    const finding = DATA.findings[iri];
    if (attributedOnly.checked && !attributed) return false;
    return Object.entries(FILTERS).every(([name, filter]) =>
      !chosen[name].size || filter.of(finding).some(value => chosen[name].has(value)));
  }

  function kind(finding) {
    return finding.null ? "null or negative" : finding.direction.slice(DIRECTION.length);
  }

  function rankKey(level) { return levels[level].rank + " " + level; }

  /** The cell of a model and a domain under the filters, counted as evidence-map.rq counts it. */
  function count(model, domain) {
    const list = (listed.get(model + " " + domain) || []).filter(kept);
    const studies = new Set(), attributedStudies = new Set();
    const cell = {model, domain, list, findings: list.length, attributedFindings: 0, positive: 0, mixed: 0,
                  nullOrNegative: 0, inconclusive: 0, bestLevel: null, bestDirection: "", contested: false};
    let attributedPositive = 0, attributedNull = 0;
    for (const [iri, attributed] of list) {
      const f = DATA.findings[iri];
      const positive = !f.null && f.direction === DIRECTION + "positive";
      if (f.study) studies.add(f.study);
      if (positive) cell.positive++;
      if (!f.null && f.direction === DIRECTION + "mixed") cell.mixed++;
      if (f.null) cell.nullOrNegative++;
      if (f.direction === DIRECTION + "inconclusive") cell.inconclusive++;
      if (attributed) {
        cell.attributedFindings++;
        if (f.study) attributedStudies.add(f.study);
        attributedPositive += positive; attributedNull += f.null;
      }
      if (!cell.bestLevel || rankKey(f.level) > rankKey(cell.bestLevel)) cell.bestLevel = f.level;
    }
    cell.studies = studies.size;
    cell.attributedStudies = attributedStudies.size;
    cell.contested = attributedPositive > 0 && attributedNull > 0;
    if (cell.bestLevel) {
      const kinds = new Set(list.map(([iri]) => DATA.findings[iri])
        .filter(f => levels[f.level].rank === levels[cell.bestLevel].rank).map(kind));
      cell.bestDirection = kinds.size === 1 ? [...kinds][0] : "mixed";
    }
    return cell;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function drawCell(td) {
    const cell = count(td.dataset.model, td.dataset.domain);
    const level = cell.bestLevel && levels[cell.bestLevel];
    td.replaceChildren();
    Object.assign(td.dataset, {studies: cell.studies, findings: cell.findings,
      attributedStudies: cell.attributedStudies, attributedFindings: cell.attributedFindings,
      bestLevel: level ? level.label : "", bestDirection: cell.bestDirection, positive: cell.positive,
      mixed: cell.mixed, nullOrNegative: cell.nullOrNegative, inconclusive: cell.inconclusive,
      contested: String(cell.contested)});
    td.classList.toggle("gap", !cell.findings);
    td.classList.toggle("is-contested", cell.contested);
    td.style.background = level ? level.colour : "";
    const where = models[cell.model] + ", " + domains[cell.domain] + ": ";
    if (!cell.findings) {
      td.textContent = "gap";
      td.removeAttribute("tabindex");
      td.setAttribute("aria-label", where + "no findings (gap)");
      return cell;
    }
    td.tabIndex = 0;
    const counts = element("span", cell.studies + " ", "counts");
    counts.append(element("small", "/ " + cell.findings));
    const marks = element("span", ARROWS[cell.bestDirection] + (cell.attributedFindings ? " a:" + cell.attributedFindings : ""), "marks");
    if (cell.contested) {
      const mark = element("span", " \u26A0", "contested");
      mark.title = "attributed findings conflict";
      marks.append(mark);
    }
    td.append(counts, marks);
    td.setAttribute("aria-label", where + plural(cell.studies, "study", "studies") + ", " +
      plural(cell.findings, "finding", "findings") + ", best evidence: " + level.label + (cell.contested ? ", contested" : ""));
    return cell;
  }

  /** Rows shown: not folded under a broader row, and (when asked) used directly by some project. */
  function showRows() {
    let foldedBelow = Infinity;
    for (const tr of table.tBodies[0].rows) {
      const depth = Number(tr.dataset.depth);
      if (depth <= foldedBelow) foldedBelow = Infinity;
      const hidden = depth > foldedBelow || (directOnly.checked && tr.dataset.usedDirectly !== "true");
      tr.classList.toggle("hidden", hidden);
      const fold = tr.querySelector("button.fold");
      if (fold && fold.getAttribute("aria-expanded") === "false" && foldedBelow === Infinity) foldedBelow = depth;
    }
  }

  function visibleCells() {
    return [...table.querySelectorAll("tbody tr:not(.hidden) td.cell")];
  }

  function filterWords() {
    const words = Object.entries(FILTERS).filter(([name]) => chosen[name].size).map(([name, filter]) =>
      filter.heading + ": " + filter.choices.filter(c => chosen[name].has(c.iri)).map(c => c.label).join(" or "));
    if (attributedOnly.checked) words.push("attributed to the model only");
    return words;
  }

  function redraw() {
    showRows();
    const cells = [...table.querySelectorAll("td.cell")].map(drawCell);
    const shown = visibleCells().filter(td => td.dataset.findings !== "0");
    const findings = new Set(shown.flatMap(td => count(td.dataset.model, td.dataset.domain).list.map(([iri]) => iri)));
    const words = filterWords();
    const empty = !cells.some(cell => cell.findings);
    status.classList.toggle("empty", empty);
    status.textContent = empty
      ? "No findings match these filters (" + words.join("; ") + "). Clear one to see more."
      : "Showing " + plural(findings.size, "finding", "findings") + " in " + plural(shown.length, "cell", "cells") +
        (words.length ? " (" + words.join("; ") + ")" : " (no filter)") + ".";
    for (const [name] of Object.entries(FILTERS)) {
      document.querySelector(`details[data-filter="${name}"] .chosen`).textContent = chosen[name].size ? "(" + chosen[name].size + ")" : "";
    }
    if (selected) openCell(selected);
  }

  // --- the side panel ------------------------------------------------------------------------

  function openCell(td) {
    if (selected) selected.classList.remove("selected");
    selected = td;
    td.classList.add("selected");
    const cell = count(td.dataset.model, td.dataset.domain);
    panelBody.replaceChildren(element("h2", models[cell.model] + " \u2014 " + domains[cell.domain]));
    const words = filterWords();
    if (words.length) panelBody.append(element("p", "Filtered: " + words.join("; "), "meta"));
    if (!cell.findings) {
      panelBody.append(element("p", "No findings here" + (words.length ? " under these filters." : " (a gap).")));
    } else {
      panelBody.append(element("p", plural(cell.studies, "study", "studies") + ", " + plural(cell.findings, "finding", "findings") +
        " (" + cell.attributedFindings + " attributed to the model); " + cell.positive + " positive, " + cell.mixed + " mixed, " +
        cell.nullOrNegative + " null or negative, " + cell.inconclusive + " inconclusive. Best evidence: " +
        levels[cell.bestLevel].label + "." + (cell.contested ? " Contested: attributed findings conflict." : ""), "meta"));
      const studies = new Map();
      for (const [iri] of cell.list) {
        const f = DATA.findings[iri];
        const name = f.studyLabel || "study not recorded";
        studies.set(name, (studies.get(name) || 0) + 1);
      }
      panelBody.append(element("h3", "Studies (" + studies.size + ")"));
      const studyList = element("ul", undefined, "studies");
      for (const [name, n] of [...studies].sort()) studyList.append(element("li", name + " (" + plural(n, "finding", "findings") + ")"));
      panelBody.append(studyList);
      for (const [attributed, heading] of [[true, "Attributed to the model by the source"], [false, "From projects that used the model"]]) {
        const group = cell.list.filter(([, a]) => a === attributed).map(([iri]) => DATA.findings[iri])
          .sort((a, b) => levels[b.level].rank - levels[a.level].rank || a.label.localeCompare(b.label));
        if (!group.length) continue;
        panelBody.append(element("h3", heading + " (" + group.length + ")"));
        const list = element("ul", undefined, attributed ? "attributed" : "from-projects");
        for (const f of group) {
          const item = element("li", f.label);
          item.append(
            element("span", "Level: " + levels[f.level].label + " (" + f.why + ")", "meta"),
            element("span", "Direction: " + f.directionLabel + (f.null ? ", null or negative" : ""), "meta"),
            element("span", "Study: " + (f.studyLabel || "not recorded"), "meta"),
            element("span", "Project: " + (DATA.projects.find(p => p.iri === f.project) || {label: f.project}).label, "meta"),
            element("span", "Source: " + (f.sources.join("; ") || "not recorded"), "meta"));
          list.append(item);
        }
        panelBody.append(list);
      }
    }
    panel.hidden = false;
    document.body.classList.add("panel-open");
    td.scrollIntoView({block: "nearest", inline: "nearest"});   // the panel narrows the table's view
  }

  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    if (selected) {
      selected.classList.remove("selected");
      if (selected.tabIndex === 0) selected.focus();
    }
    selected = null;
  }

  // --- export --------------------------------------------------------------------------------

  const CSV_COLUMNS = ["model", "domain", "studies", "findings", "attributed studies", "attributed findings", "best level",
    "best direction", "positive", "mixed", "null or negative", "inconclusive", "contested", "model IRI", "domain IRI"];

  function csvField(value) {
    let text = String(value);
    if (/^[=+\-@]/.test(text)) text = "'" + text;   // a spreadsheet would run it as a formula
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /** The visible cells, filtered, one line each. */
  function csvText() {
    const lines = [CSV_COLUMNS];
    for (const td of visibleCells()) {
      const cell = count(td.dataset.model, td.dataset.domain);
      lines.push([models[cell.model], domains[cell.domain], cell.studies, cell.findings, cell.attributedStudies,
        cell.attributedFindings, cell.bestLevel ? levels[cell.bestLevel].label : "", cell.bestDirection, cell.positive,
        cell.mixed, cell.nullOrNegative, cell.inconclusive, cell.contested, cell.model, cell.domain]);
    }
    return lines.map(line => line.map(csvField).join(",")).join("\r\n") + "\r\n";
  }

  /** The table as it is shown (visible rows, filtered cells), with title, filters and key, drawn on a canvas. */
  function pngDataUrl(scale = 2) {
    const rows = [...table.tBodies[0].rows].filter(tr => !tr.classList.contains("hidden"));
    const measure = document.createElement("canvas").getContext("2d");
    const font = (size, weight = "normal") => weight + " " + size + "px system-ui, sans-serif";
    measure.font = font(13, "bold");
    const rowLabel = tr => "\u2003".repeat(Number(tr.dataset.depth)) + models[tr.dataset.model];
    const labelWidth = Math.max(120, ...rows.map(tr => measure.measureText(rowLabel(tr)).width)) + 16;
    const headerHeight = Math.max(...DATA.domains.map(d => measure.measureText(d.label).width)) + 14;
    const cellWidth = 56, cellHeight = 40, margin = 16, top = 64;
    const keyItems = [...DATA.levels.map(l => [l.colour, l.label]), ["contested", "\u26A0 contested"], ["gap", "gap"]];
    const tableWidth = labelWidth + cellWidth * DATA.domains.length;
    measure.font = font(12);
    const keyWidth = Math.max(...keyItems.map(([, name]) => measure.measureText(name).width)) + 34;
    const keyColumns = Math.max(1, Math.floor(tableWidth / keyWidth));
    const keyHeight = Math.ceil(keyItems.length / keyColumns) * 20 + 10;
    const width = margin * 2 + tableWidth;
    const height = top + headerHeight + cellHeight * rows.length + keyHeight + margin * 2;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const pen = canvas.getContext("2d");
    pen.scale(scale, scale);
    pen.fillStyle = "#fff"; pen.fillRect(0, 0, width, height);
    pen.fillStyle = "#222"; pen.textBaseline = "alphabetic";
    pen.font = font(18, "bold"); pen.fillText(TITLE, margin, 28);
    pen.font = font(12);
    const words = filterWords();
    pen.fillText(words.length ? "Filtered: " + words.join("; ") : "All findings (no filter). Cells: studies / findings.", margin, 48);
    const x0 = margin, y0 = top;
    pen.strokeStyle = "#bbb"; pen.lineWidth = 1;
    pen.font = font(13, "bold");
    DATA.domains.forEach((domain, i) => {
      pen.save();
      pen.translate(x0 + labelWidth + i * cellWidth + cellWidth / 2 + 5, y0 + headerHeight - 6);
      pen.rotate(-Math.PI / 2);
      pen.fillText(domain.label, 0, 0);
      pen.restore();
    });
    rows.forEach((tr, r) => {
      const y = y0 + headerHeight + r * cellHeight;
      pen.font = font(13, tr.dataset.depth === "0" ? "bold" : "normal");
      pen.fillStyle = "#222"; pen.textAlign = "left";
      pen.fillText(rowLabel(tr), x0 + 6, y + cellHeight / 2 + 5);
      pen.strokeRect(x0 + 0.5, y + 0.5, labelWidth, cellHeight);
      [...tr.querySelectorAll("td.cell")].forEach((td, c) => {
        const x = x0 + labelWidth + c * cellWidth;
        const cell = count(td.dataset.model, td.dataset.domain);
        pen.textAlign = "center";
        if (cell.findings) {
          pen.fillStyle = levels[cell.bestLevel].colour; pen.fillRect(x, y, cellWidth, cellHeight);
          pen.fillStyle = "#222"; pen.font = font(13, "bold");
          pen.fillText(cell.studies + " / " + cell.findings, x + cellWidth / 2, y + 17);
          pen.font = font(11);
          pen.fillText(ARROWS[cell.bestDirection] + (cell.attributedFindings ? " a:" + cell.attributedFindings : "") +
            (cell.contested ? " \u26A0" : ""), x + cellWidth / 2, y + 33);
          if (cell.contested) { pen.strokeStyle = "#7a0000"; pen.lineWidth = 3; pen.strokeRect(x + 1.5, y + 1.5, cellWidth - 3, cellHeight - 3); }
        } else {
          pen.fillStyle = "#f4f4f4"; pen.fillRect(x, y, cellWidth, cellHeight);
          pen.fillStyle = "#999"; pen.font = font(11); pen.fillText("gap", x + cellWidth / 2, y + cellHeight / 2 + 4);
        }
        pen.strokeStyle = "#bbb"; pen.lineWidth = 1; pen.strokeRect(x + 0.5, y + 0.5, cellWidth, cellHeight);
      });
    });
    pen.textAlign = "left"; pen.font = font(12);
    const keyTop = y0 + headerHeight + rows.length * cellHeight + 16;
    keyItems.forEach(([swatch, name], i) => {
      const x = x0 + (i % keyColumns) * keyWidth, y = keyTop + Math.floor(i / keyColumns) * 20;
      pen.fillStyle = swatch === "contested" ? "#fff" : swatch === "gap" ? "#f4f4f4" : swatch;
      pen.fillRect(x, y, 14, 14);
      pen.strokeStyle = swatch === "contested" ? "#7a0000" : "#888"; pen.lineWidth = swatch === "contested" ? 3 : 1;
      pen.strokeRect(x + 0.5, y + 0.5, 14, 14);
      pen.fillStyle = "#222"; pen.fillText(name, x + 20, y + 12);
    });
    return canvas.toDataURL("image/png");
  }

  // --- wiring --------------------------------------------------------------------------------

  for (const swatch of document.querySelectorAll("#key .swatch[data-level]")) {
    swatch.style.background = levels[swatch.dataset.level].colour;
  }
  for (const [name, filter] of Object.entries(FILTERS)) {
    const box = document.querySelector(`details[data-filter="${name}"] .choices`);
    for (const choice of filter.choices) {
      const label = element("label");
      const input = element("input");
      input.type = "checkbox";
      input.value = choice.iri;
      input.addEventListener("change", () => {
        if (input.checked) chosen[name].add(choice.iri); else chosen[name].delete(choice.iri);
        redraw();
      });
      label.append(input, " " + choice.label);
      box.append(label);
    }
  }
  attributedOnly.addEventListener("change", redraw);
  directOnly.addEventListener("change", redraw);
  document.getElementById("clear-filters").addEventListener("click", () => {
    for (const set of Object.values(chosen)) set.clear();
    for (const input of document.querySelectorAll("#controls input[type=checkbox]")) input.checked = false;
    redraw();
  });
  document.getElementById("save-csv").addEventListener("click", () =>
    download("csckg-gap-map.csv", "data:text/csv;charset=utf-8," + encodeURIComponent("\uFEFF" + csvText())));
  document.getElementById("save-png").addEventListener("click", () => download("csckg-gap-map.png", pngDataUrl()));
  table.addEventListener("click", event => {
    const fold = event.target.closest("button.fold");
    if (fold) {
      fold.setAttribute("aria-expanded", fold.getAttribute("aria-expanded") === "true" ? "false" : "true");
      fold.textContent = fold.getAttribute("aria-expanded") === "true" ? "\u25BE" : "\u25B8";
      showRows();
      return;
    }
    const td = event.target.closest("td.cell");
    if (td && !td.classList.contains("gap")) openCell(td);
  });
  table.addEventListener("keydown", event => {
    const td = event.target.closest("td.cell");
    if (td && !td.classList.contains("gap") && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openCell(td);
    }
  });
  document.addEventListener("keydown", event => {
    if (event.key === "Escape" && !panel.hidden) closePanel();
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("click", event => {   // one filter list open at a time
    for (const details of document.querySelectorAll("#controls details[open]")) {
      if (!details.contains(event.target)) details.open = false;
    }
  });

  redraw();
  window.csckgGaps = {data: DATA, count, csv: csvText, png: pngDataUrl, openCell, closePanel};
})();
