/* newskg explorer: the graph, its filters and the evidence panel.
 *
 * Every string from the graph is put on screen with textContent (or drawn as canvas text by
 * GraphView): nothing from an article is ever parsed as HTML. In the view, nodes 0..N-1 are
 * data.nodes and N.. the articles; edges 0..E-1 are data.edges, then one per article mention.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var N = data.nodes, E = data.edges, A = data.articles, P = data.properties;

  var adjacent = N.map(function () { return []; });
  E.forEach(function (e, j) { adjacent[e.from].push(j); if (e.to !== e.from) adjacent[e.to].push(j); });

  var state = {
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

  // ---- the view ----
  var mentionFrom = [], mentionTo = [];
  A.forEach(function (a, k) { a.mentions.forEach(function (m) { mentionFrom.push(N.length + k); mentionTo.push(m); }); });
  var V = data.view;
  var colours = N.map(function (n) { return (data.styles[n.cls] || {}).color || "#bab0ac"; });
  var classColours = colours.slice();
  var tentative = N.map(function (n) {  // only claims not asserted: drawn with a dashed border
    return n.evidence.length > 0 && !n.evidence.some(function (ev) { return !ev.modality || ev.modality === "asserted"; });
  });
  var articleLabel = A.map(function (a) { return a.headline.length > 40 ? a.headline.slice(0, 39) + "…" : a.headline; });
  var model = {
    x: V.x.concat(A.map(function (a) { return a.x; })),
    y: V.y.concat(A.map(function (a) { return a.y; })),
    size: V.size.concat(A.map(function () { return 10; })),
    from: E.map(function (e) { return e.from; }).concat(mentionFrom),
    to: E.map(function (e) { return e.to; }).concat(mentionTo),
    label: function (i) { return i < N.length ? V.label[i] : articleLabel[i - N.length]; },
    title: function (i) {
      return i < N.length ? N[i].label + " (" + ((data.styles[N[i].cls] || {}).label || N[i].cls) + ")" : A[i - N.length].headline;
    },
    color: function (i) { return i < N.length ? colours[i] : data.articleStyle.color; },
    shape: function (i) { return i < N.length ? (data.styles[N[i].cls] || {}).shape || "dot" : data.articleStyle.shape; },
    dashed: function (i) { return i < N.length && tentative[i]; },
    edgeStyle: function (j) { return j < E.length ? (E[j].asserted ? "solid" : "dashed") : "mention"; },
    edgeLabel: function (j) { return j < E.length ? P[E[j].prop].label : ""; },
    arrow: function (j) { return j < E.length; }
  };
  var container = document.getElementById("graph");
  var view = new GraphView(container, model);
  var frames = view.frames;  // tests and the benchmark call the page still when no frame follows
  view.on("afterDrawing", function () { document.body.setAttribute("data-drawn", String(frames.count)); });

  function apply() {
    var nodeOn = new Uint8Array(model.x.length), edgeOn = new Uint8Array(model.from.length);
    var shown = new Set(), nEdges = 0;
    for (var i = 0; i < N.length; i++) if (nodeVisible(i)) { shown.add(i); nodeOn[i] = 1; }
    for (var j = 0; j < E.length; j++) if (edgeVisible(j, shown)) { edgeOn[j] = 1; nEdges++; }
    if (state.showArticles) {
      var j2 = E.length;
      A.forEach(function (a, k) {
        var targets = a.mentions.filter(function (m) { return shown.has(m); });
        var on = (state.article < 0 || state.article === k) && (targets.length > 0 || !a.mentions.length);
        if (on) nodeOn[N.length + k] = 1;
        a.mentions.forEach(function (m) { if (on && shown.has(m)) edgeOn[j2] = 1; j2++; });
      });
    }
    view.setShown(nodeOn, edgeOn);
    status(shown.size, nEdges);
    listEvents();
    return shown;
  }
  function status(nShown, eShown) {
    var text = "Showing " + nShown + " of " + plural(N.length, "entity", "entities") +
      " and " + eShown + " of " + plural(E.length, "fact");
    if (A.length) text += " from " + plural(A.length, "article");
    document.getElementById("status").textContent = text;
  }

  function reveal(i) {  // clears the filters that hide entity i
    var n = N[i];
    if (!state.classes.has(n.cls)) { state.classes.add(n.cls); syncChecks(); }
    if (state.article >= 0 && n.articles.indexOf(state.article) < 0) { state.article = -1; articleSelect.value = ""; }
    if (n.dates && !inRange(n.dates[0], n.dates[1])) { state.from = state.to = ""; dateFrom.value = dateTo.value = ""; }
  }
  function focusNode(i) {
    reveal(i);
    apply();
    view.select([i], []);
    view.focus(i, 1.0);
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

  view.on("click", function (hit) {
    if (hit.nodes.length) {
      var i = hit.nodes[0];
      view.select([i], []);
      if (i < N.length) showNode(i); else showArticle(i - N.length);
    } else if (hit.edges.length) {
      var j = hit.edges[0];
      view.select([], [j]);
      if (j < E.length) showEdge(j);
    } else {
      view.select([], []);
    }
  });
  function neighbours(i) {  // entity i and the entities its shown facts reach: picked out and framed
    var near = new Set([i]);
    adjacent[i].forEach(function (j) { if (view.edgeOn[j]) { near.add(E[j].from); near.add(E[j].to); } });
    view.select(Array.from(near), []);
    view.fit(function (k) { return near.has(k); }, Math.max(view.cam.scale, 1));
    return near;
  }
  view.on("doubleClick", function (hit) {
    if (hit.nodes.length && hit.nodes[0] < N.length) neighbours(hit.nodes[0]);
  });

  // ---- controls ----
  document.getElementById("title").textContent = data.title;
  document.getElementById("fit").addEventListener("click", function () { view.fit(); });

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
    N.forEach(function (n, i) {
      colours[i] = byCommunity ? communityColor[n.community] || data.otherCommunity : classColours[i];
    });
    view.restyle();
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

  // ---- the timeline of events: dated events by year, month or day; a bar sets the date filter ----
  var timeline = document.getElementById("timeline"), bars = document.getElementById("bars");
  var eventList = document.getElementById("events"), timelineRange = document.getElementById("timeline-range");
  var datedNodes = N.map(function (n, i) { return i; }).filter(function (i) { return N[i].dates; })
    .sort(function (a, b) { return N[a].dates[0] < N[b].dates[0] ? -1 : N[a].dates[0] > N[b].dates[0] ? 1 : a - b; });
  function timelineUnit() {
    if (!datedNodes.length) return 4;
    var first = N[datedNodes[0]].dates[0], last = N[datedNodes[datedNodes.length - 1]].dates[0];
    var years = Number(last.slice(0, 4)) - Number(first.slice(0, 4));
    var months = years * 12 + Number(last.slice(5, 7) || 1) - Number(first.slice(5, 7) || 1);
    return years > 6 ? 4 : months > 1 ? 7 : 10;  // characters of the date kept: year, month or day
  }
  var unit = timelineUnit();
  function bucketRange(key) {  // the first and last day a bucket ("2016", "2016-12", "2016-12-15") covers
    if (key.length === 10) return [key, key];
    if (key.length === 7) return [key + "-01", key + "-31"];
    return [key.slice(0, 4) + "-01-01", key.slice(0, 4) + "-12-31"];
  }
  function nextKey(key) {
    if (key.length === 4) return String(Number(key) + 1);
    var d = new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, key.length === 10 ? Number(key.slice(8, 10)) + 1 : 1));
    if (key.length === 7) d.setUTCMonth(d.getUTCMonth() + 1);
    return d.toISOString().slice(0, key.length);
  }
  function drawTimeline() {
    // One bar per year, month or day from the first event to the last, empty ones too, so the
    // axis is time; a date coarser than the bars (a year alone among months) is listed, not drawn.
    var counts = new Map(), keys = datedNodes.map(function (i) { return N[i].dates[0].slice(0, unit); })
      .filter(function (key) { return key.length === unit; });
    for (var key = keys[0]; keys.length && key <= keys[keys.length - 1] && counts.size < 400; key = nextKey(key)) counts.set(key, 0);
    keys.forEach(function (key) { counts.set(key, counts.get(key) + 1); });
    var most = Math.max.apply(null, Array.from(counts.values()).concat([1]));
    counts.forEach(function (n, key) {
      var bar = el("button", null, n ? "bar" : "bar empty");
      bar.type = "button";
      bar.title = key + ": " + plural(n, "event");
      bar.setAttribute("aria-label", bar.title);
      bar.dataset.key = key;
      bar.style.height = n ? Math.round(4 + 44 * n / most) + "px" : "1px";
      bar.addEventListener("click", function () {
        var range = bucketRange(key);
        var same = dateFrom.value === range[0] && dateTo.value === range[1];
        dateFrom.value = same ? "" : range[0];
        dateTo.value = same ? "" : range[1];
        onDates();
      });
      bars.appendChild(bar);
    });
  }
  function listEvents() {  // the events the filters show, earliest first
    if (!datedNodes.length) return;
    var shown = datedNodes.filter(nodeVisible);
    timelineRange.textContent = plural(shown.length, "event") + (state.from || state.to ? " from " + (state.from || "…") + " to " + (state.to || "…") : "");
    bars.querySelectorAll(".bar").forEach(function (bar) {
      var range = bucketRange(bar.dataset.key);
      bar.classList.toggle("on", state.from === range[0] && state.to === range[1]);
    });
    eventList.replaceChildren.apply(eventList, shown.slice(0, 100).map(function (i) {
      var li = el("li");
      li.appendChild(el("span", N[i].dates[0] + " ", "muted"));
      li.appendChild(nodeButton(i));
      return li;
    }));
    if (shown.length > 100) eventList.appendChild(el("li", "and " + (shown.length - 100) + " more", "muted"));
  }
  if (datedNodes.length) { timeline.hidden = false; drawTimeline(); }

  var showArticles = document.getElementById("show-articles");
  showArticles.checked = state.showArticles;
  showArticles.addEventListener("change", function () { state.showArticles = showArticles.checked; apply(); });
  var showUnasserted = document.getElementById("show-unasserted");
  showUnasserted.addEventListener("change", function () { state.showUnasserted = showUnasserted.checked; apply(); });

  // Search: every label and alias; exact match first, then a prefix, then a substring. The
  // suggestions list is filled as the user types (twenty at most): 50,000 options up front
  // cost the page more than half a second to open.
  var byName = new Map();
  N.forEach(function (n, i) {
    [n.label].concat(n.aliases).forEach(function (a) {
      var key = a.toLowerCase();
      if (!byName.has(key)) byName.set(key, { i: i, name: a });
    });
  });
  var names = document.getElementById("names");
  function suggest(query) {
    var q = query.trim().toLowerCase(), out = [], seen = new Set();
    if (!q) { names.replaceChildren(); return; }
    [function (key) { return key.indexOf(q) === 0; }, function (key) { return key.indexOf(q) > 0; }].forEach(function (test) {
      if (out.length >= 20) return;
      byName.forEach(function (hit, key) { if (out.length < 20 && !seen.has(key) && test(key)) { seen.add(key); out.push(hit.name); } });
    });
    names.replaceChildren.apply(names, out.map(function (name) { var o = document.createElement("option"); o.value = name; return o; }));
  }
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return -1;
    if (byName.has(q)) return byName.get(q).i;
    var best = -1;
    byName.forEach(function (hit, key) { if (best < 0 && key.indexOf(q) === 0) best = hit.i; });
    if (best >= 0) return best;
    byName.forEach(function (hit, key) { if (best < 0 && key.indexOf(q) >= 0) best = hit.i; });
    return best;
  }
  var search = document.getElementById("search");
  function onSearch() {
    var i = find(search.value);
    if (i >= 0) focusNode(i);
    else if (search.value.trim()) document.getElementById("status").textContent = "No entity called “" + search.value.trim() + "”";
  }
  search.addEventListener("change", onSearch);
  search.addEventListener("input", function () { suggest(search.value); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") onSearch(); });

  window.kg = {
    view: view, data: data, showNode: showNode, showEdge: showEdge, colourBy: colourBy, focusNode: focusNode,
    neighbours: neighbours, find: find, apply: apply, state: state, frames: frames,
    shownNodes: function () { return view.shownNodes().filter(function (i) { return i < N.length; }); },
    shownEdges: function () { return view.shownEdges().filter(function (j) { return j < E.length; }); },
    shownArticles: function () { return view.shownNodes().filter(function (i) { return i >= N.length; }).map(function (i) { return i - N.length; }); },
    colourOf: function (i) { return model.color(i); },
    screenOf: function (i) { return view.toScreen(model.x[i], model.y[i]); },
    edgeMiddle: function (j) {
      var a = view.toScreen(model.x[model.from[j]], model.y[model.from[j]]), b = view.toScreen(model.x[model.to[j]], model.y[model.to[j]]);
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  };

  // The first view is the whole graph, at most at full size: far out, GraphView draws an
  // overview of everything with the most connected entities named.
  apply();
  view.fit(null, 1);
  view.on("afterDrawing", function ready() {
    if (document.body.hasAttribute("data-ready")) return;
    document.body.setAttribute("data-ready", "1");
    performance.mark("kg-ready");  // the first frame, for DevTools and the benchmark
  });
}());
