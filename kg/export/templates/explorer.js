/* newskg explorer: the graph, its filters and the evidence panel.
 *
 * Every string from the graph is put on screen with textContent (or drawn on the canvas by
 * vis-network): nothing from an article is ever parsed as HTML. Node ids are indices into
 * data.nodes, edge ids indices into data.edges; articles, when shown, are "a<index>".
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var N = data.nodes, E = data.edges, A = data.articles, P = data.properties;
  var big = N.length > 1500 || E.length > 4000;

  var adjacent = N.map(function () { return []; });
  E.forEach(function (e, j) { adjacent[e.from].push(j); if (e.to !== e.from) adjacent[e.to].push(j); });

  var state = {
    limit: data.initial,
    revealed: new Set(),
    classes: new Set(Object.keys(data.styles)),
    props: new Set(P.map(function (_, k) { return k; })),
    article: -1,
    from: "",
    to: "",
    showArticles: !!data.showArticles,
    showUnasserted: true
  };

  // ---- small DOM helpers: text only ----
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function webLink(href, text) {
    // Only http(s) addresses become links; anything else (javascript:, data:) stays text.
    if (typeof href !== "string" || !/^https?:\/\/[^\s"'<>\\]+$/i.test(href)) return el("span", text);
    var a = el("a", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function plural(n, word, words) { return n + " " + (n === 1 ? word : words || word + "s"); }

  // ---- filters ----
  function inRange(lo, hi) {
    if (state.to && lo > state.to.slice(0, lo.length)) return false;
    if (state.from && hi < state.from.slice(0, hi.length)) return false;
    return true;
  }
  function dateOk(d) {
    if (!d) return true;
    var parts = d.split("/");
    return inRange(parts[0], parts[parts.length - 1]);
  }
  function nodeVisible(i) {
    var n = N[i];
    if (i >= state.limit && !state.revealed.has(i)) return false;
    if (!state.classes.has(n.cls)) return false;
    if (state.article >= 0 && n.articles.indexOf(state.article) < 0) return false;
    if ((state.from || state.to) && n.dates && !inRange(n.dates[0], n.dates[1])) return false;
    return true;
  }
  function edgeVisible(j, shown) {
    var e = E[j];
    if (!shown.has(e.from) || !shown.has(e.to)) return false;
    if (!state.props.has(e.prop)) return false;
    if (!e.asserted && !state.showUnasserted) return false;
    if (state.article >= 0 && e.evidence.length &&
        !e.evidence.some(function (ev) { return ev.article === state.article; })) return false;
    if ((state.from || state.to) && e.evidence.length &&
        !e.evidence.some(function (ev) { return dateOk(ev.date); })) return false;
    return true;
  }

  // ---- the network ----
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    physics: { enabled: false, stabilization: { enabled: false } },
    layout: { improvedLayout: false },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false },
    nodes: { font: { size: 16, strokeWidth: 3, strokeColor: "#ffffff" }, borderWidth: 1,
             scaling: { label: { drawThreshold: 7 } } },
    edges: { smooth: false, width: 1, selectionWidth: 2, arrows: { to: { scaleFactor: 0.5 } },
             color: { color: "#9aa0a6", highlight: "#333333", hover: "#555555", inherit: false },
             font: { size: 12, color: "#555555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
             scaling: { label: { drawThreshold: 7 } } }
  });

  // Every frame is counted: tests and the benchmark call the page still when no frame follows.
  var frames = { count: 0, last: 0 };
  network.on("afterDrawing", function () {
    frames.count += 1;
    frames.last = performance.now();
    document.body.setAttribute("data-drawn", String(frames.count));
  });

  function apply() {
    var shown = new Set();
    for (var i = 0; i < N.length; i++) if (nodeVisible(i)) shown.add(i);
    var wantNodes = [], wantEdges = [];
    shown.forEach(function (i) { wantNodes.push(i); });
    for (var j = 0; j < E.length; j++) if (edgeVisible(j, shown)) wantEdges.push(j);
    var articleNodes = [], mentionEdges = [];
    if (state.showArticles) {
      A.forEach(function (a, k) {
        if (state.article >= 0 && state.article !== k) return;
        var targets = a.mentions.filter(function (m) { return shown.has(m); });
        if (!targets.length && a.mentions.length) return;
        articleNodes.push({ id: "a" + k, label: a.headline.length > 40 ? a.headline.slice(0, 39) + "…" : a.headline,
                            title: a.headline, shape: data.articleStyle.shape, color: data.articleStyle.color,
                            x: a.x, y: a.y, font: { size: 12 } });
        targets.forEach(function (m) {
          mentionEdges.push({ id: "m" + k + "-" + m, from: "a" + k, to: m, dashes: [2, 4],
                              color: { color: "#d0d0d0" }, arrows: "", label: "" });
        });
      });
    }
    // One frame for the whole change: vis-network would otherwise draw after each DataSet call.
    network.body.emitter.emit("_blockRedraw");
    sync(nodes, wantNodes.map(function (i) { return data.vis.nodes[i]; }).concat(articleNodes));
    sync(edges, wantEdges.map(function (j) { return data.vis.edges[j]; }).concat(mentionEdges));
    network.body.emitter.emit("_allowRedraw");
    network.body.emitter.emit("_requestRedraw");
    status(shown.size, wantEdges.length);
    return shown;
  }
  function sync(set, items) {
    var want = new Set(items.map(function (x) { return x.id; }));
    var gone = set.getIds().filter(function (id) { return !want.has(id); });
    if (gone.length) set.remove(gone);
    var fresh = items.filter(function (x) { return !set.get(x.id); });
    if (fresh.length) set.add(fresh);
  }
  function status(nShown, eShown) {
    var text = "Showing " + nShown + " of " + plural(N.length, "entity", "entities") +
      " and " + eShown + " of " + plural(E.length, "fact");
    if (A.length) text += " from " + plural(A.length, "article");
    document.getElementById("status").textContent = text;
    var rest = N.length - state.limit;
    document.getElementById("more").hidden = rest <= 0;
    document.getElementById("all").hidden = rest <= 0;
  }

  function reveal(i) {
    if (i >= state.limit) state.revealed.add(i);
    var n = N[i];
    if (!state.classes.has(n.cls)) { state.classes.add(n.cls); syncChecks(); }
    if (state.article >= 0 && n.articles.indexOf(state.article) < 0) { state.article = -1; articleSelect.value = ""; }
    if (n.dates && !inRange(n.dates[0], n.dates[1])) { state.from = state.to = ""; dateFrom.value = dateTo.value = ""; }
  }
  function focusNode(i) {
    reveal(i);
    apply();
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(i);
  }

  // ---- the side panel ----
  var panel = document.getElementById("panel");
  function nodeButton(i) {
    var b = el("button", N[i].label, "linkish");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(i); });
    return b;
  }
  function evidenceBlock(list) {
    var box = el("div");
    list.forEach(function (ev) {
      var d = el("div", null, "ev");
      d.appendChild(el("q", ev.sentence || "(no sentence recorded)"));
      var meta = el("div", null, "muted");
      var art = ev.article !== null && ev.article !== undefined ? A[ev.article] : null;
      var bits = [];
      if (art) bits.push(art.headline + (art.date ? " (" + art.date + ")" : ""));
      if (ev.speaker) bits.push("according to " + ev.speaker);
      if (ev.date) bits.push("dated " + ev.date);
      if (ev.confidence) bits.push("confidence " + ev.confidence);
      if (ev.start !== null && ev.start !== undefined) bits.push("characters " + ev.start + "–" + ev.end);
      meta.textContent = bits.join(" · ");
      if (ev.modality && ev.modality !== "asserted") meta.appendChild(el("span", ev.modality, "badge"));
      d.appendChild(meta);
      box.appendChild(d);
    });
    return box;
  }
  function showNode(i) {
    var n = N[i];
    panel.replaceChildren();
    panel.appendChild(el("h2", n.label));
    var style = data.styles[n.cls] || { label: n.cls };
    var facts = [n.classes.length ? n.classes.join(", ") : style.label];
    if (n.mentions !== null && n.mentions !== undefined) facts.push(plural(n.mentions, "mention"));
    facts.push(plural(n.articles.length, "article"));
    panel.appendChild(el("div", facts.join(" · "), "muted"));
    if (n.aliases.length) panel.appendChild(el("div", "Also: " + n.aliases.join(" · ")));
    panel.appendChild(el("div", n.iri, "muted"));
    if (n.links.length) {
      panel.appendChild(el("h3", "Same as"));
      var ul = el("ul", null, "plain");
      n.links.forEach(function (ln) {
        var li = el("li");
        li.appendChild(webLink(ln.href, (ln.site ? ln.site + ": " : "") + ln.iri));
        if (ln.confidence) li.appendChild(el("span", " confidence " + ln.confidence, "muted"));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    if (n.merges && n.merges.length) {
      panel.appendChild(el("h3", "Names joined across articles"));
      var mul = el("ul", null, "plain");
      n.merges.forEach(function (m) {
        var li = el("li");
        li.appendChild(el("strong", m.form));
        li.appendChild(el("span", " · " + m.rule + " · confidence " + m.confidence + " · " +
                          plural(m.articles.length, "article")));
        if (m.evidence) li.appendChild(el("div", m.evidence, "muted"));
        mul.appendChild(li);
      });
      panel.appendChild(mul);
    }
    if (n.attributes.length) {
      panel.appendChild(el("h3", "Details"));
      var dl = el("dl");
      n.attributes.forEach(function (kv) { dl.appendChild(el("dt", kv[0])); dl.appendChild(el("dd", kv[1])); });
      panel.appendChild(dl);
    }
    if (n.evidence.length) {
      panel.appendChild(el("h3", "Evidence"));
      panel.appendChild(evidenceBlock(n.evidence));
    }
    var groups = {}, order = [];
    adjacent[i].forEach(function (j) {
      var e = E[j], out = e.from === i;
      var key = (out ? "→ " : "← ") + P[e.prop].label;
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(j);
    });
    if (order.length) panel.appendChild(el("h3", "Facts"));
    order.sort();
    order.forEach(function (key) {
      var box = el("div", null, "fact");
      box.appendChild(el("strong", key.slice(0, 1) === "→" ? P[E[groups[key][0]].prop].label + " →" : "← " + P[E[groups[key][0]].prop].label));
      groups[key].slice(0, 200).forEach(function (j) {
        var e = E[j], other = e.from === i ? e.to : e.from;
        var line = el("div");
        line.appendChild(nodeButton(other));
        if (!e.asserted) line.appendChild(el("span", "not asserted", "badge"));
        box.appendChild(line);
        box.appendChild(evidenceBlock(e.evidence));
      });
      if (groups[key].length > 200) box.appendChild(el("div", "and " + (groups[key].length - 200) + " more", "muted"));
      panel.appendChild(box);
    });
    if (n.articles.length) {
      panel.appendChild(el("h3", "Articles"));
      var list = el("ul", null, "plain");
      n.articles.slice(0, 100).forEach(function (k) { list.appendChild(articleItem(k)); });
      panel.appendChild(list);
    }
  }
  function articleItem(k) {
    var a = A[k], li = el("li");
    li.appendChild(webLink(a.url, a.headline));
    if (a.date) li.appendChild(el("span", " " + a.date, "muted"));
    return li;
  }
  function showEdge(j) {
    var e = E[j];
    panel.replaceChildren();
    var h = el("h2");
    h.appendChild(nodeButton(e.from));
    h.appendChild(el("span", " " + P[e.prop].label + " "));
    h.appendChild(nodeButton(e.to));
    panel.appendChild(h);
    panel.appendChild(el("div", e.asserted ? "Asserted as a fact" : "Not asserted: kept as evidence only", "muted"));
    panel.appendChild(el("div", P[e.prop].iri, "muted"));
    if (e.evidence.length) {
      panel.appendChild(el("h3", plural(e.evidence.length, "sentence")));
      panel.appendChild(evidenceBlock(e.evidence));
    } else if (N[e.from].evidence.length) {
      panel.appendChild(el("h3", "Evidence for " + N[e.from].label));
      panel.appendChild(evidenceBlock(N[e.from].evidence));
    } else {
      panel.appendChild(el("p", "No evidence recorded in this graph.", "muted"));
    }
  }
  function showArticle(k) {
    var a = A[k];
    panel.replaceChildren();
    panel.appendChild(el("h2", a.headline));
    panel.appendChild(el("div", [a.date, a.iri].filter(Boolean).join(" · "), "muted"));
    if (a.url) { var p = el("p"); p.appendChild(webLink(a.url, a.url)); panel.appendChild(p); }
    panel.appendChild(el("h3", "Mentions"));
    var ul = el("ul", null, "plain");
    a.mentions.forEach(function (m) { var li = el("li"); li.appendChild(nodeButton(m)); ul.appendChild(li); });
    panel.appendChild(ul);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (typeof id === "number") showNode(id); else showArticle(Number(String(id).slice(1)));
    } else if (params.edges.length) {
      var eid = params.edges[0];
      if (typeof eid === "number") showEdge(eid);
    }
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length || typeof params.nodes[0] !== "number") return;
    adjacent[params.nodes[0]].forEach(function (j) { reveal(E[j].from); reveal(E[j].to); });
    apply();
  });

  // ---- controls ----
  document.getElementById("title").textContent = data.title;
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  document.getElementById("more").addEventListener("click", function () { state.limit += data.initial; apply(); });
  document.getElementById("all").addEventListener("click", function () { state.limit = N.length; apply(); network.fit({ animation: false }); });

  var classBox = document.getElementById("classes");
  var legendBox = document.getElementById("legend");
  var SHAPES = { dot: "●", square: "■", triangle: "▲", diamond: "◆", star: "★", hexagon: "⬢", triangleDown: "▼" };
  function swatch(style) {
    var s = el("span", SHAPES[style.shape] || "●", "swatch");
    s.style.color = style.color;
    return s;
  }
  var classCounts = {};
  N.forEach(function (n) { classCounts[n.cls] = (classCounts[n.cls] || 0) + 1; });
  Object.keys(data.styles).forEach(function (cls) {
    var s = data.styles[cls];
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = cls;
    box.addEventListener("change", function () {
      if (box.checked) state.classes.add(cls); else state.classes.delete(cls);
      apply();
    });
    label.appendChild(box);
    label.appendChild(swatch(s));
    label.appendChild(document.createTextNode(s.label + " (" + (classCounts[cls] || 0) + ")"));
    classBox.appendChild(label);
    var item = el("span", null, "item");  // the legend, always in view
    item.appendChild(swatch(s));
    item.appendChild(document.createTextNode(s.label));
    legendBox.appendChild(item);
  });
  var dashed = el("span", "- - - not asserted", "item");
  legendBox.appendChild(dashed);

  // ---- colour by community (kg build --analytics): the biggest twelve in colour, the rest grey ----
  var classColors = data.vis.nodes.map(function (row) { return row.color; });
  var communityColor = {};
  data.communities.forEach(function (c) { communityColor[c.label] = c.color; });
  var communityLegend = el("div", null, "legend");
  communityLegend.hidden = true;
  data.communities.slice(0, 12).forEach(function (c) {
    var item = el("span", null, "item");
    item.appendChild(swatch({ shape: "dot", color: c.color }));
    item.appendChild(document.createTextNode(c.label + " (" + c.size + ")"));
    communityLegend.appendChild(item);
  });
  if (data.communities.length > 12) communityLegend.appendChild(el("span", "grey: " + plural(data.communities.length - 12, "other community", "other communities"), "item"));
  legendBox.parentNode.insertBefore(communityLegend, legendBox.nextSibling);
  function colourBy(mode) {
    var byCommunity = mode === "community";
    data.vis.nodes.forEach(function (row, i) {
      row.color = byCommunity ? communityColor[N[i].community] || data.otherCommunity : classColors[i];
    });
    var ids = nodes.getIds().filter(function (id) { return typeof id === "number"; });
    nodes.update(ids.map(function (id) { return { id: id, color: data.vis.nodes[id].color }; }));
    legendBox.hidden = byCommunity;
    communityLegend.hidden = !byCommunity;
  }
  if (data.communities.length) {
    document.getElementById("colour").hidden = false;
    document.getElementById("colour-by").addEventListener("change", function (ev) { colourBy(ev.target.value); });
  }
  function syncChecks() {
    classBox.querySelectorAll("input").forEach(function (b) { b.checked = state.classes.has(b.value); });
  }

  var propBox = document.getElementById("properties");
  var propCounts = P.map(function () { return 0; });
  E.forEach(function (e) { propCounts[e.prop] += 1; });
  P.forEach(function (p, k) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) state.props.add(k); else state.props.delete(k);
      apply();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(p.label + " (" + propCounts[k] + ")"));
    propBox.appendChild(label);
  });

  var articleSelect = document.getElementById("article");
  A.forEach(function (a, k) {
    var o = el("option", (a.date ? a.date + " " : "") + a.headline);
    o.value = String(k);
    articleSelect.appendChild(o);
  });
  articleSelect.addEventListener("change", function () {
    state.article = articleSelect.value === "" ? -1 : Number(articleSelect.value);
    apply();
  });

  var dateFrom = document.getElementById("date-from"), dateTo = document.getElementById("date-to");
  var dated = N.filter(function (n) { return n.dates; });
  if (!dated.length) document.getElementById("dates").hidden = true;
  function onDates() { state.from = dateFrom.value; state.to = dateTo.value; apply(); }
  dateFrom.addEventListener("change", onDates);
  dateTo.addEventListener("change", onDates);

  var showArticles = document.getElementById("show-articles");
  showArticles.checked = state.showArticles;
  showArticles.addEventListener("change", function () { state.showArticles = showArticles.checked; apply(); });
  var showUnasserted = document.getElementById("show-unasserted");
  showUnasserted.addEventListener("change", function () { state.showUnasserted = showUnasserted.checked; apply(); });

  // Search: every label and alias; exact match first, then a prefix, then a substring.
  var byName = new Map();
  var names = document.getElementById("names");
  var fragment = document.createDocumentFragment();
  N.forEach(function (n, i) {
    [n.label].concat(n.aliases).forEach(function (a) {
      var key = a.toLowerCase();
      if (byName.has(key)) return;
      byName.set(key, i);
      var o = document.createElement("option");
      o.value = a;
      fragment.appendChild(o);
    });
  });
  names.appendChild(fragment);
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return -1;
    if (byName.has(q)) return byName.get(q);
    var best = -1;
    byName.forEach(function (i, key) {
      if (best < 0 && key.indexOf(q) === 0) best = i;
    });
    if (best >= 0) return best;
    byName.forEach(function (i, key) {
      if (best < 0 && key.indexOf(q) >= 0) best = i;
    });
    return best;
  }
  var search = document.getElementById("search");
  function onSearch() {
    var i = find(search.value);
    if (i >= 0) focusNode(i);
    else if (search.value.trim()) document.getElementById("status").textContent = "No entity called “" + search.value.trim() + "”";
  }
  search.addEventListener("change", onSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") onSearch(); });

  window.kg = { network: network, nodes: nodes, edges: edges, data: data, showNode: showNode, showEdge: showEdge, colourBy: colourBy,
                focusNode: focusNode, find: find, apply: apply, state: state, frames: frames };

  // The first view is set before any entity is added, so the page draws the graph once and is
  // still: the whole graph when its labels stay readable, else the most connected entity, close up.
  function firstView() {
    var xs = [], ys = [];
    for (var i = 0; i < Math.min(state.limit, N.length); i++) { xs.push(data.vis.nodes[i].x); ys.push(data.vis.nodes[i].y); }
    if (state.showArticles) A.forEach(function (a) { xs.push(a.x); ys.push(a.y); });
    if (!xs.length) return;
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var margin = 120;
    var scale = Math.min(1, container.clientWidth / (maxX - minX + 2 * margin), container.clientHeight / (maxY - minY + 2 * margin));
    if (scale >= 0.55) network.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, scale: scale, animation: false });
    else network.moveTo({ position: { x: data.vis.nodes[0].x, y: data.vis.nodes[0].y }, scale: 0.8, animation: false });
  }
  firstView();
  apply();
  network.once("afterDrawing", function () { document.body.setAttribute("data-ready", "1"); });
}());
