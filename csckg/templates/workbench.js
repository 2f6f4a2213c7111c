// The query workbench (/): named queries with a form, an editor, a sortable result table with
// labels linked to node pages, downloads from the server, a permalink and a bar chart.
// Everything from the graph is put in the page as text (textContent), never as markup.
(function () {
  "use strict";
  const queries = JSON.parse(document.getElementById("queries").textContent);
  const byName = Object.fromEntries(queries.map((q) => [q.name, q]));
  const $ = (id) => document.getElementById(id);
  const named = $("named"), form = $("form"), box = $("sparql"), gutter = $("gutter");
  const statusLine = $("status"), results = $("results"), tools = $("tools"), chart = $("chart");
  let last = null;      // {fields, data}: what was last run and what came back
  let order = null;     // {column, direction}

  function say(text, isError) {
    statusLine.textContent = text;
    statusLine.className = isError ? "error" : "";
  }

  // --- the form of a named query -------------------------------------------------------
  function field(param) {
    const wrap = document.createElement("div");
    wrap.className = "param";
    const label = document.createElement("label");
    label.htmlFor = "param-" + param.name;
    label.textContent = param.name + (param.required ? " (required)" : param.default === "optional" ? " (optional)" : " (default " + param.default + ")");
    const input = document.createElement("input");
    input.id = "param-" + param.name;
    input.name = param.name;
    input.type = param.type === "integer" || param.type === "decimal" ? "number" : "text";
    if (param.type === "decimal") { input.step = "any"; }
    if (param.required) { input.required = true; }
    input.placeholder = param.kindNames.length ? param.kindNames.join(" or ") + ": type a name or abbreviation" : param.type;
    const help = document.createElement("div");
    help.className = "help";
    help.textContent = param.description;
    wrap.append(label, input, help);
    if (param.type === "node") { suggestFor(input, param.kinds, wrap); }
    return wrap;
  }

  function showForm(name) {
    form.textContent = "";
    const q = byName[name];
    $("run-named").disabled = !q;
    $("description").textContent = q ? q.description : "Choose a question.";
    if (q) { q.params.forEach((p) => form.appendChild(field(p))); }
  }
  named.addEventListener("change", () => showForm(named.value));
  form.addEventListener("submit", (event) => { event.preventDefault(); runNamed(); });

  // --- suggestions as the analyst types, from the server's /suggest ----------------------
  function suggestFor(input, kinds, wrap) {
    const list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    let timer = null, active = -1;
    const choose = (li) => { input.value = li.dataset.label; list.hidden = true; };
    const mark = (i) => {
      const items = list.querySelectorAll("li");
      active = Math.max(-1, Math.min(items.length - 1, i));
      items.forEach((li, n) => li.setAttribute("aria-selected", String(n === active)));
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const typed = input.value;
        if (!typed.trim()) { list.hidden = true; return; }
        fetch("/suggest?" + new URLSearchParams({ kind: kinds.join(","), q: typed }))
          .then((r) => r.ok ? r.json() : [])
          .then((found) => {
            if (input.value !== typed) { return; }
            list.textContent = "";
            found.forEach((s) => {
              const li = document.createElement("li");
              li.setAttribute("role", "option");
              li.dataset.label = s.label;
              li.textContent = s.label;
              const small = document.createElement("small");
              small.textContent = s.kind + (s.matched !== s.label ? " · " + s.matched : "");
              li.appendChild(small);
              li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(li); });
              list.appendChild(li);
            });
            list.hidden = found.length === 0;
            active = -1;
          });
      }, 120);
    });
    input.addEventListener("keydown", (e) => {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); mark(active + (e.key === "ArrowDown" ? 1 : -1)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(list.querySelectorAll("li")[active]); }
      else if (e.key === "Escape") { list.hidden = true; }
    });
    input.addEventListener("blur", () => { list.hidden = true; });
  }

  // --- the editor: line numbers, Ctrl+Enter, the line of an error ------------------------
  function numberLines(bad) {
    const count = box.value.split("\n").length;
    gutter.textContent = "";
    for (let i = 1; i <= count; i++) {
      const line = document.createElement("div");
      line.textContent = String(i);
      if (i === bad) { line.className = "bad"; }
      gutter.appendChild(line);
    }
    gutter.scrollTop = box.scrollTop;
  }
  box.addEventListener("input", () => numberLines());
  box.addEventListener("scroll", () => { gutter.scrollTop = box.scrollTop; });
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runOwn(); }
  });
  numberLines();

  // --- running -------------------------------------------------------------------------
  function namedFields() {
    const q = byName[named.value];
    const fields = { run: q.name };
    const missing = [];
    q.params.forEach((p) => {
      const value = form.elements[p.name].value.trim();
      if (value) { fields[p.name] = value; } else if (p.required) { missing.push(p); }
    });
    return { fields, missing };
  }

  function runNamed() {
    if (!byName[named.value]) { return; }
    const { fields, missing } = namedFields();
    if (missing.length) {
      say(missing.map((p) => "Give a value for " + p.name + ": " + p.description).join("\n"), true);
      form.elements[missing[0].name].focus();
      return;
    }
    run(fields);
  }

  function runOwn() { run({ sparql: box.value }); }
  $("run-named").addEventListener("click", runNamed);
  $("run-own").addEventListener("click", runOwn);

  function ask(fields, format) {
    return fetch("/run", { method: "POST", body: new URLSearchParams(Object.assign({}, fields, format ? { format } : {})),
                           headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  }

  function run(fields) {
    say("running ...");
    results.textContent = "";
    tools.hidden = true;
    chart.toggleAttribute("hidden", true);
    numberLines();
    ask(fields).then((response) => response.text().then((text) => ({ ok: response.ok, status: response.status, text })))
      .then((answer) => {
        if (!answer.ok) {
          const where = /line (\d+)/.exec(answer.text);
          if (fields.sparql !== undefined && where) { numberLines(Number(where[1])); }
          say(answer.text.trim() + " (HTTP " + answer.status + ")", true);
          return;
        }
        last = { fields, data: JSON.parse(answer.text) };
        order = null;
        const link = location.origin + "/?" + new URLSearchParams(fields).toString();
        history.replaceState(null, "", "/?" + new URLSearchParams(fields).toString());
        $("permalink").value = link;
        show();
      })
      .catch((error) => say("The server did not answer: " + error, true));
  }

  // --- the result ----------------------------------------------------------------------
  const grouped = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });
  const plain = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2, useGrouping: false });
  function numberText(column, value) {
    return (/year/i.test(column) ? plain : grouped).format(value);
  }

  function show() {
    const data = last.data;
    results.textContent = "";
    if (data.kind === "ask") { say("Answer: " + (data.boolean ? "yes" : "no") + " (" + data.ms + " ms)"); return; }
    if (data.kind === "graph") {
      const pre = document.createElement("pre");
      pre.textContent = data.turtle;
      results.appendChild(pre);
      say(data.count + " triples in " + data.ms + " ms");
      return;
    }
    tools.hidden = false;
    say(data.count + " row" + (data.count === 1 ? "" : "s") + " in " + data.ms + " ms");
    const iris = $("show-iris").checked;
    const rows = data.rows.slice();
    if (order) {
      const i = order.column, sign = order.direction === "ascending" ? 1 : -1;
      const key = (c) => c === null ? "" : ("number" in c ? c.number : c.text.toLowerCase());
      rows.sort((a, b) => {
        const x = key(a[i]), y = key(b[i]);
        if (typeof x === "number" && typeof y === "number") { return sign * (x - y); }
        return sign * String(x).localeCompare(String(y), "en-GB", { numeric: true });
      });
    }
    const table = document.createElement("table");
    table.id = "result-table";
    const head = table.createTHead().insertRow();
    data.variables.forEach((v, i) => {
      const th = document.createElement("th");
      th.textContent = v;
      th.tabIndex = 0;
      th.setAttribute("aria-sort", order && order.column === i ? order.direction : "none");
      const sortBy = () => {
        order = { column: i, direction: order && order.column === i && order.direction === "ascending" ? "descending" : "ascending" };
        show();
      };
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(); } });
      head.appendChild(th);
    });
    const body = table.createTBody();
    rows.forEach((row) => {
      const tr = body.insertRow();
      row.forEach((c, i) => {
        const td = tr.insertCell();
        if (c === null) { return; }
        if (c.iri) {
          const text = iris ? c.iri : (c.unit || c.text);
          if (c.href) {
            const a = document.createElement("a");
            a.href = c.href;
            a.textContent = text;
            a.title = c.curie;
            td.appendChild(a);
          } else {
            td.textContent = text;
            td.title = c.unit ? c.text : c.iri;
          }
        } else if ("number" in c) {
          td.className = "number";
          td.textContent = numberText(data.variables[i], c.number);
          td.title = c.text;
        } else {
          td.textContent = c.text;
        }
      });
    });
    results.appendChild(table);
    drawChart(data, rows);
  }
  $("show-iris").addEventListener("change", () => { if (last) { show(); } });

  // --- a bar chart, for a result with a label column and a number column -----------------
  function drawChart(data, rows) {
    const svgNS = "http://www.w3.org/2000/svg";
    chart.textContent = "";
    const numeric = data.variables.findIndex((v, i) => rows.length && rows.every((r) => r[i] === null || "number" in r[i]) && rows.some((r) => r[i] !== null));
    const labelled = data.variables.findIndex((v, i) => i !== numeric && rows.some((r) => r[i] !== null && !("number" in r[i])));
    const unitColumn = data.variables.findIndex((v, i) => rows.some((r) => r[i] !== null && r[i].unit));
    if (numeric < 0 || labelled < 0) { chart.toggleAttribute("hidden", true); return; }
    // Bars share one scale, so they share one unit: the unit most rows have, when there is a unit column.
    let unit = null;
    if (unitColumn >= 0) {
      const counts = {};
      rows.forEach((r) => { if (r[numeric] !== null && r[unitColumn] !== null) { counts[r[unitColumn].unit] = (counts[r[unitColumn].unit] || 0) + 1; } });
      unit = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0] || null;
    }
    const comparable = rows.filter((r) => r[numeric] !== null && (unit === null || (r[unitColumn] !== null && r[unitColumn].unit === unit)));
    const shown = comparable.slice(0, 30);
    const most = Math.max(...shown.map((r) => Math.abs(r[numeric].number)), 1);
    const labelWidth = 260, barWidth = 420, rowHeight = 20, top = 28;
    chart.setAttribute("width", String(labelWidth + barWidth + 90));
    chart.setAttribute("height", String(top + shown.length * rowHeight + 8));
    const title = document.createElementNS(svgNS, "text");
    title.setAttribute("x", "0"); title.setAttribute("y", "16"); title.setAttribute("font-weight", "bold");
    title.textContent = data.variables[numeric] + (unit ? " (" + unit + ")" : "") + " by " + data.variables[labelled] +
      (rows.length > shown.length ? " (" + shown.length + " of " + rows.length + " rows" + (unit ? ", those in " + unit : "") + ")" : "");
    chart.appendChild(title);
    shown.forEach((r, n) => {
      const y = top + n * rowHeight;
      const name = document.createElementNS(svgNS, "text");
      const full = r[labelled] === null ? "" : r[labelled].text;
      name.textContent = full.length > 40 ? full.slice(0, 39) + "…" : full;
      name.setAttribute("x", String(labelWidth - 6)); name.setAttribute("y", String(y + 14)); name.setAttribute("text-anchor", "end");
      const tip = document.createElementNS(svgNS, "title");
      tip.textContent = full;
      name.appendChild(tip);
      const bar = document.createElementNS(svgNS, "rect");
      const width = Math.max(1, barWidth * Math.abs(r[numeric].number) / most);
      bar.setAttribute("x", String(labelWidth)); bar.setAttribute("y", String(y + 3));
      bar.setAttribute("width", String(width)); bar.setAttribute("height", String(rowHeight - 6));
      const value = document.createElementNS(svgNS, "text");
      value.textContent = numberText(data.variables[numeric], r[numeric].number);
      value.setAttribute("x", String(labelWidth + width + 4)); value.setAttribute("y", String(y + 14));
      chart.append(name, bar, value);
    });
    chart.toggleAttribute("hidden", false);
  }

  // --- downloads: the server's text, byte for byte what build.py query prints ------------
  ["csv", "tsv", "json"].forEach((format) => {
    $("save-" + format).addEventListener("click", () => {
      if (!last) { return; }
      const fields = Object.assign({}, last.fields, $("show-iris").checked ? { iris: "1" } : {});
      ask(fields, format).then((response) => response.blob().then((blob) => ({ ok: response.ok, blob })))
        .then((answer) => {
          if (!answer.ok) { answer.blob.text().then((t) => say(t.trim(), true)); return; }
          const url = URL.createObjectURL(answer.blob);
          download((last.fields.run || "query") + "." + format, url);
          setTimeout(() => URL.revokeObjectURL(url), 10000);
        });
    });
  });

  $("copy-link").addEventListener("click", () => {
    $("permalink").select();
    if (navigator.clipboard) { navigator.clipboard.writeText($("permalink").value).catch(() => {}); }
  });

  // --- a permalink: /?run=NAME&PARAM=VALUE or /?sparql=TEXT runs at once ------------------
  const asked = new URLSearchParams(location.search);
  if (asked.has("run") && byName[asked.get("run")]) {
    named.value = asked.get("run");
    showForm(named.value);
    byName[named.value].params.forEach((p) => { if (asked.has(p.name)) { form.elements[p.name].value = asked.get(p.name); } });
    runNamed();
  } else if (asked.has("sparql")) {
    box.value = asked.get("sparql");
    numberLines();
    runOwn();
  }
})();
