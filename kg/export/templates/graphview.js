/* newskg graph view: a Canvas 2D renderer that stays fluid at corpus scale.
 *
 * Why not WebGL (sigma.js): in headless Chromium on our 2-core machines WebGL runs on
 * SwiftShader, and sigma drew 5,000 nodes at 3.8 frames a second, 50,000 at 0.7 (measured).
 * Canvas 2D draws about 3,000 nodes and 3,000 short edges in 25-40 ms there, so each frame
 * draws a bounded amount:
 *   - close up (at most NODE_BUDGET shown nodes in view) every node, edge and label in view;
 *   - further out an overview image of the whole shown graph, drawn once per filter change,
 *     scaled with the camera, with the most connected nodes in view drawn sharp on top
 *     (nodes come most connected first, so "most connected" is "lowest index").
 * Labels are canvas text: nothing here ever becomes HTML.
 */
(function () {
  "use strict";
  var NODE_BUDGET = 1500, EDGE_BUDGET = 4000, LABEL_BUDGET = 150, TOP_IN_OVERVIEW = 600, TOP_LABELS = 40;
  var OVERVIEW_PX = 1600, GRID = 256;

  function GraphView(container, model) {
    // model: {x, y, size, label: arrays by node; from, to: arrays by edge;
    //         title(i), color(i), shape(i), dashed(i), edgeStyle(j) -> "solid"|"dashed"|"mention", edgeLabel(j), arrow(j)}
    this.m = model;
    this.container = container;
    this.canvas = document.createElement("canvas");
    this.canvas.setAttribute("aria-label", "Graph drawing");
    container.appendChild(this.canvas);
    this.ctx = this.canvas.getContext("2d");
    this.cam = { x: 0, y: 0, scale: 1 };
    this.nodeOn = new Uint8Array(model.x.length);
    this.edgeOn = new Uint8Array(model.from.length);
    this.selectedNodes = new Set();
    this.selectedEdges = new Set();
    this.handlers = { click: [], doubleClick: [], afterDrawing: [] };
    this.frames = { count: 0, last: 0, mode: "" };
    this.drawnEdges = [];
    this.overview = null;
    this._index();
    this._bind();
    this.resize();
  }
  var G = GraphView.prototype;

  G.on = function (name, fn) { this.handlers[name].push(fn); };
  G._emit = function (name, arg) { this.handlers[name].forEach(function (fn) { fn(arg); }); };

  // ---- what is shown (the page's filters decide) ----
  G.setShown = function (nodeOn, edgeOn) {
    this.nodeOn.set(nodeOn);
    this.edgeOn.set(edgeOn);
    this.overview = null;
    this.redraw();
  };
  G.restyle = function () { this.overview = null; this.redraw(); };
  G.shownNodes = function () { var out = []; for (var i = 0; i < this.nodeOn.length; i++) if (this.nodeOn[i]) out.push(i); return out; };
  G.shownEdges = function () { var out = []; for (var j = 0; j < this.edgeOn.length; j++) if (this.edgeOn[j]) out.push(j); return out; };

  // ---- camera ----
  G.resize = function () {
    var w = Math.max(1, this.container.clientWidth), h = Math.max(1, this.container.clientHeight);
    this.dpr = Math.min(window.devicePixelRatio || 1, 2);
    this.canvas.width = Math.round(w * this.dpr);
    this.canvas.height = Math.round(h * this.dpr);
    this.canvas.style.width = w + "px";
    this.canvas.style.height = h + "px";
    this.w = w; this.h = h;
    this.redraw();
  };
  G.toScreen = function (x, y) { return { x: (x - this.cam.x) * this.cam.scale + this.w / 2, y: (y - this.cam.y) * this.cam.scale + this.h / 2 }; };
  G.toWorld = function (sx, sy) { return { x: (sx - this.w / 2) / this.cam.scale + this.cam.x, y: (sy - this.h / 2) / this.cam.scale + this.cam.y }; };
  G.moveTo = function (x, y, scale) {
    this.cam.x = x; this.cam.y = y;
    if (scale) this.cam.scale = Math.min(8, Math.max(1e-4, scale));
    this.redraw();
  };
  G.zoomAt = function (sx, sy, factor) {
    var before = this.toWorld(sx, sy);
    this.cam.scale = Math.min(8, Math.max(1e-4, this.cam.scale * factor));
    var after = this.toWorld(sx, sy);
    this.cam.x += before.x - after.x; this.cam.y += before.y - after.y;
    this.redraw();
  };
  G.bounds = function (only) {
    var m = this.m, b = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    for (var i = 0; i < m.x.length; i++) {
      if (only ? !only(i) : !this.nodeOn[i]) continue;
      if (m.x[i] < b.x0) b.x0 = m.x[i]; if (m.x[i] > b.x1) b.x1 = m.x[i];
      if (m.y[i] < b.y0) b.y0 = m.y[i]; if (m.y[i] > b.y1) b.y1 = m.y[i];
    }
    return b.x0 === Infinity ? null : b;
  };
  G.fit = function (only, maxScale) {
    var b = this.bounds(only);
    if (!b) return;
    // Room for labels: about 90 px either side of the outermost nodes, 40 above and below.
    var s = Math.min(Math.max(this.w - 180, 50) / Math.max(b.x1 - b.x0, 1), Math.max(this.h - 80, 50) / Math.max(b.y1 - b.y0, 1));
    this.moveTo((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, Math.min(s, maxScale || 1));
  };
  G.focus = function (i, scale) { this.moveTo(this.m.x[i], this.m.y[i], Math.max(this.cam.scale, scale || 1)); };

  // ---- spatial index: nodes by grid cell, for hit tests ----
  G._index = function () {
    var m = this.m, cells = new Map();
    for (var i = 0; i < m.x.length; i++) {
      var key = Math.floor(m.x[i] / GRID) + "," + Math.floor(m.y[i] / GRID);
      var list = cells.get(key);
      if (!list) cells.set(key, list = []);
      list.push(i);
    }
    this.cells = cells;
  };
  G.nodeAt = function (sx, sy) {
    var p = this.toWorld(sx, sy), m = this.m, best = -1, bestD = Infinity;
    var reach = Math.max(8 / this.cam.scale, 40);
    var cx0 = Math.floor((p.x - reach) / GRID), cx1 = Math.floor((p.x + reach) / GRID);
    var cy0 = Math.floor((p.y - reach) / GRID), cy1 = Math.floor((p.y + reach) / GRID);
    for (var cx = cx0; cx <= cx1; cx++) for (var cy = cy0; cy <= cy1; cy++) {
      var list = this.cells.get(cx + "," + cy);
      if (!list) continue;
      for (var k = 0; k < list.length; k++) {
        var i = list[k];
        if (!this.nodeOn[i]) continue;
        var r = Math.max(this._radius(i), 6 / this.cam.scale);
        var d = Math.hypot(m.x[i] - p.x, m.y[i] - p.y);
        if (d <= r && d < bestD) { best = i; bestD = d; }
      }
    }
    return best;
  };
  G.edgeAt = function (sx, sy) {
    // Only edges drawn in the last frame can be hit: far out, zoom in to pick one.
    var m = this.m, best = -1, bestD = 6;
    for (var k = 0; k < this.drawnEdges.length; k++) {
      var j = this.drawnEdges[k];
      var a = this.toScreen(m.x[m.from[j]], m.y[m.from[j]]), b = this.toScreen(m.x[m.to[j]], m.y[m.to[j]]);
      var d = segmentDistance(sx, sy, a.x, a.y, b.x, b.y);
      if (d < bestD) { best = j; bestD = d; }
    }
    return best;
  };
  function segmentDistance(px, py, ax, ay, bx, by) {
    var dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
    var t = len ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len)) : 0;
    return Math.hypot(px - ax - t * dx, py - ay - t * dy);
  }
  G._radius = function (i) { return this.m.size[i] * 0.75; };

  // ---- pointer: drag pans, wheel zooms, click picks ----
  G._bind = function () {
    var self = this, c = this.canvas, down = null;
    c.addEventListener("pointerdown", function (ev) {
      down = { x: ev.clientX, y: ev.clientY, cx: self.cam.x, cy: self.cam.y, moved: false };
      c.setPointerCapture(ev.pointerId);
    });
    c.addEventListener("pointermove", function (ev) {
      if (!down) {  // hover: the node's full name as the canvas's tooltip (an attribute: text only)
        var r = c.getBoundingClientRect(), i = self.nodeAt(ev.clientX - r.left, ev.clientY - r.top);
        var title = i >= 0 ? self.m.title(i) : "";
        if (c.title !== title) c.title = title;
        return;
      }
      var dx = ev.clientX - down.x, dy = ev.clientY - down.y;
      if (!down.moved && Math.hypot(dx, dy) < 4) return;
      down.moved = true;
      self.moveTo(down.cx - dx / self.cam.scale, down.cy - dy / self.cam.scale);
    });
    c.addEventListener("pointerup", function (ev) {
      var was = down;
      down = null;
      if (!was || was.moved) return;
      var r = c.getBoundingClientRect();
      self._emit("click", self.pick(ev.clientX - r.left, ev.clientY - r.top));
    });
    c.addEventListener("dblclick", function (ev) {
      var r = c.getBoundingClientRect();
      self._emit("doubleClick", self.pick(ev.clientX - r.left, ev.clientY - r.top));
    });
    c.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = c.getBoundingClientRect();
      self.zoomAt(ev.clientX - r.left, ev.clientY - r.top, Math.exp(-ev.deltaY * 0.0015));
    }, { passive: false });
    window.addEventListener("resize", function () { self.resize(); });
  };
  G.pick = function (sx, sy) {
    var i = this.nodeAt(sx, sy);
    if (i >= 0) return { nodes: [i], edges: [] };
    var j = this.edgeAt(sx, sy);
    return { nodes: [], edges: j >= 0 ? [j] : [] };
  };
  G.select = function (nodes, edges) {
    this.selectedNodes = new Set(nodes || []);
    this.selectedEdges = new Set(edges || []);
    this.redraw();
  };

  // ---- drawing ----
  G.redraw = function () {
    if (this.pending) return;
    var self = this;
    this.pending = requestAnimationFrame(function () { self.pending = 0; self.draw(); });
  };
  G.inView = function () {
    var a = this.toWorld(0, 0), b = this.toWorld(this.w, this.h);
    return { x0: a.x, y0: a.y, x1: b.x, y1: b.y };
  };
  G.draw = function () {
    var ctx = this.ctx, m = this.m, v = this.inView(), pad = 30 / this.cam.scale;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, this.w, this.h);
    var visible = [], total = 0;
    for (var i = 0; i < m.x.length; i++) {
      if (!this.nodeOn[i] || m.x[i] < v.x0 - pad || m.x[i] > v.x1 + pad || m.y[i] < v.y0 - pad || m.y[i] > v.y1 + pad) continue;
      total++;
      if (visible.length < NODE_BUDGET) visible.push(i);
    }
    var close = total <= NODE_BUDGET;
    this.frames.mode = close ? "close" : "overview";
    var edges = close ? this._edgesInView(v) : [];
    if (!close) this._drawOverview(ctx);
    this._drawEdges(ctx, edges, close);
    var sharp = close ? visible : visible.slice(0, TOP_IN_OVERVIEW);
    this._drawNodes(ctx, sharp, close);
    this._drawLabels(ctx, sharp, edges, close);
    this.drawnEdges = edges;
    this.frames.count += 1;
    this.frames.last = performance.now();
    this.frames.nodes = sharp.length;
    this.frames.edges = edges.length;
    this.frames.inView = total;
    this._emit("afterDrawing", this.frames);
  };
  G._edgesInView = function (v) {
    var m = this.m, out = [], important = [];
    for (var j = 0; j < m.from.length && out.length < EDGE_BUDGET; j++) {
      if (!this.edgeOn[j]) continue;
      var a = m.from[j], b = m.to[j];
      if (Math.max(m.x[a], m.x[b]) < v.x0 || Math.min(m.x[a], m.x[b]) > v.x1 ||
          Math.max(m.y[a], m.y[b]) < v.y0 || Math.min(m.y[a], m.y[b]) > v.y1) continue;
      (this.selectedEdges.has(j) || this.selectedNodes.has(a) || this.selectedNodes.has(b) ? important : out).push(j);
    }
    return out.concat(important);  // selected last: drawn on top
  };
  G._drawEdges = function (ctx, edges, close) {
    var m = this.m, s = this.cam.scale, groups = {};
    edges.forEach(function (j) {
      var key = this.selectedEdges.has(j) || this.selectedNodes.has(m.from[j]) || this.selectedNodes.has(m.to[j]) ? "selected" : m.edgeStyle(j);
      (groups[key] || (groups[key] = [])).push(j);
    }, this);
    var looks = { solid: ["#9aa0a6", 1, null], dashed: ["#b9b9b9", 1, [5, 4]], mention: ["#d0d0d0", 1, [2, 4]], selected: ["#333333", 2, null] };
    Object.keys(looks).forEach(function (key) {
      var list = groups[key];
      if (!list) return;
      var look = looks[key];
      ctx.strokeStyle = look[0]; ctx.fillStyle = look[0]; ctx.lineWidth = look[1];
      ctx.setLineDash(look[2] || []);
      ctx.beginPath();
      var arrows = [], clip = !look[2], w = this.w, h = this.h;
      list.forEach(function (j) {
        var a = this.toScreen(m.x[m.from[j]], m.y[m.from[j]]), b = this.toScreen(m.x[m.to[j]], m.y[m.to[j]]);
        // A solid line is cut to the screen first: close up, most edges run far off it, and
        // Skia's cost grows with their length. (Dashes are left whole, or they would crawl.)
        var c = clip ? clipped(a, b, w, h) : [a, b];
        if (!c) return;
        ctx.moveTo(c[0].x, c[0].y); ctx.lineTo(c[1].x, c[1].y);
        if (close && s > 0.25 && m.arrow(j) && onScreen(b, w, h)) arrows.push([a, b, this._radius(m.to[j]) * s]);
      }, this);
      ctx.stroke();
      ctx.setLineDash([]);
      if (arrows.length) {
        ctx.beginPath();
        arrows.forEach(function (t) { arrowHead(ctx, t[0], t[1], t[2]); });
        ctx.fill();
      }
    }, this);
  };
  var MARGIN = 20;
  function onScreen(p, w, h) { return p.x > -MARGIN && p.y > -MARGIN && p.x < w + MARGIN && p.y < h + MARGIN; }
  // Liang-Barsky: the part of segment a-b inside the screen (plus a margin), or null.
  function clipped(a, b, w, h) {
    if (onScreen(a, w, h) && onScreen(b, w, h)) return [a, b];
    var dx = b.x - a.x, dy = b.y - a.y, t0 = 0, t1 = 1;
    var p = [-dx, dx, -dy, dy], q = [a.x + MARGIN, w + MARGIN - a.x, a.y + MARGIN, h + MARGIN - a.y];
    for (var k = 0; k < 4; k++) {
      if (p[k] === 0) { if (q[k] < 0) return null; continue; }
      var r = q[k] / p[k];
      if (p[k] < 0) { if (r > t1) return null; if (r > t0) t0 = r; }
      else { if (r < t0) return null; if (r < t1) t1 = r; }
    }
    return [{ x: a.x + t0 * dx, y: a.y + t0 * dy }, { x: a.x + t1 * dx, y: a.y + t1 * dy }];
  }
  function arrowHead(ctx, a, b, gap) {
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy);
    if (len < gap + 8) return;
    var ux = dx / len, uy = dy / len, tx = b.x - ux * gap, ty = b.y - uy * gap, size = 7;
    ctx.moveTo(tx, ty);
    ctx.lineTo(tx - ux * size - uy * size * 0.5, ty - uy * size + ux * size * 0.5);
    ctx.lineTo(tx - ux * size + uy * size * 0.5, ty - uy * size - ux * size * 0.5);
    ctx.closePath();
  }
  G._drawNodes = function (ctx, list, close) {
    var m = this.m, s = this.cam.scale, groups = new Map(), dashed = [];
    list.forEach(function (i) {
      var key = m.color(i) + "|" + m.shape(i);
      var g = groups.get(key);
      if (!g) groups.set(key, g = []);
      g.push(i);
      if (close && m.dashed(i)) dashed.push(i);
    });
    var minR = close ? 2.5 : 2;
    groups.forEach(function (g, key) {
      var parts = key.split("|");
      ctx.fillStyle = parts[0];
      ctx.beginPath();
      g.forEach(function (i) {
        var p = this.toScreen(m.x[i], m.y[i]);
        shapePath(ctx, parts[1], p.x, p.y, Math.max(this._radius(i) * s, minR));
      }, this);
      ctx.fill();
      if (close && s > 0.3) { ctx.strokeStyle = "rgba(0,0,0,0.35)"; ctx.lineWidth = 1; ctx.stroke(); }
    }, this);
    if (dashed.length) {
      ctx.setLineDash([5, 4]); ctx.strokeStyle = "#333333"; ctx.lineWidth = 2; ctx.beginPath();
      dashed.forEach(function (i) { var p = this.toScreen(m.x[i], m.y[i]); shapePath(ctx, m.shape(i), p.x, p.y, Math.max(this._radius(i) * s, minR) + 2); }, this);
      ctx.stroke(); ctx.setLineDash([]);
    }
    if (this.selectedNodes.size) {
      ctx.strokeStyle = "#111111"; ctx.lineWidth = 3; ctx.beginPath();
      this.selectedNodes.forEach(function (i) {
        if (!this.nodeOn[i]) return;
        var p = this.toScreen(m.x[i], m.y[i]);
        shapePath(ctx, m.shape(i), p.x, p.y, Math.max(this._radius(i) * s, minR) + 3);
      }, this);
      ctx.stroke();
    }
  };
  function shapePath(ctx, shape, x, y, r) {
    var k, a;
    switch (shape) {
      case "square": ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); return;
      case "box": ctx.rect(x - r * 1.6, y - r * 0.8, r * 3.2, r * 1.6); return;
      case "diamond": ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); return;
      case "triangle": ctx.moveTo(x, y - r); ctx.lineTo(x + r * 0.9, y + r * 0.7); ctx.lineTo(x - r * 0.9, y + r * 0.7); ctx.closePath(); return;
      case "triangleDown": ctx.moveTo(x, y + r); ctx.lineTo(x + r * 0.9, y - r * 0.7); ctx.lineTo(x - r * 0.9, y - r * 0.7); ctx.closePath(); return;
      case "hexagon":
        for (k = 0; k < 6; k++) { a = Math.PI / 3 * k; if (k) ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a)); else ctx.moveTo(x + r, y); }
        ctx.closePath(); return;
      case "star":
        for (k = 0; k < 10; k++) {
          a = -Math.PI / 2 + Math.PI / 5 * k;
          var rr = k % 2 ? r * 0.45 : r;
          if (k) ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); else ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
        }
        ctx.closePath(); return;
      default: ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }
  G._drawLabels = function (ctx, nodes, edges, close) {
    var m = this.m, s = this.cam.scale, budget = close ? LABEL_BUDGET : TOP_LABELS, drawn = 0;
    ctx.font = "13px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#222222";
    var labelled = Array.from(this.selectedNodes).filter(function (i) { return this.nodeOn[i]; }, this).concat(nodes);
    var seen = new Set(), boxes = [];
    for (var k = 0; k < labelled.length && drawn < budget; k++) {
      var i = labelled[k];
      if (seen.has(i)) continue;
      seen.add(i);
      var p = this.toScreen(m.x[i], m.y[i]), lines = m.label(i).split("\n");
      var y = p.y + Math.max(this._radius(i) * s, 2.5) + 2;
      // A label that would cover one already drawn (a more connected node's) is left out.
      var half = Math.max.apply(null, lines.map(function (t) { return ctx.measureText(t).width; })) / 2 + 2;
      var box = [p.x - half, y, p.x + half, y + 15 * lines.length];
      if (!this.selectedNodes.has(i) && boxes.some(function (o) { return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]; })) continue;
      boxes.push(box);
      lines.forEach(function (line, n) { ctx.strokeText(line, p.x, y + 15 * n); ctx.fillText(line, p.x, y + 15 * n); });
      drawn++;
    }
    if (close && s >= 0.6 && edges.length <= 400) {
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillStyle = "#555555";
      ctx.textBaseline = "middle";
      edges.forEach(function (j) {
        var text = m.edgeLabel(j);
        if (!text) return;
        var a = this.toScreen(m.x[m.from[j]], m.y[m.from[j]]), b = this.toScreen(m.x[m.to[j]], m.y[m.to[j]]);
        if (Math.hypot(b.x - a.x, b.y - a.y) < ctx.measureText(text).width + 20) return;
        ctx.strokeText(text, (a.x + b.x) / 2, (a.y + b.y) / 2);
        ctx.fillText(text, (a.x + b.x) / 2, (a.y + b.y) / 2);
      }, this);
    }
  };

  // The overview: every shown node and edge once, into an image of the shown graph's extent.
  G._drawOverview = function (ctx) {
    if (!this.overview) this.overview = this._renderOverview();
    var o = this.overview;
    if (!o) return;
    var p = this.toScreen(o.x0, o.y0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(o.canvas, p.x, p.y, o.w * this.cam.scale, o.h * this.cam.scale);
  };
  // Rasterised here, as datashader does, not stroked: canvas paths cost ~14 µs an edge in
  // software (2.9 s for 200,000), counting pixels in JS about a tenth of that. Edges add to a
  // count per pixel, shaded by its logarithm; nodes are drawn over them, the most connected last.
  G._renderOverview = function () {
    var b = this.bounds();
    if (!b) return null;
    var m = this.m, pad = 50, x0 = b.x0 - pad, y0 = b.y0 - pad, w = b.x1 - b.x0 + 2 * pad, h = b.y1 - b.y0 + 2 * pad;
    var f = OVERVIEW_PX / Math.max(w, h);
    var W = Math.max(1, Math.ceil(w * f)), H = Math.max(1, Math.ceil(h * f));
    var count = new Uint16Array(W * H), colour = new Uint32Array(W * H), i, j;
    for (j = 0; j < m.from.length; j++) {
      if (!this.edgeOn[j]) continue;
      line(count, W, H, (m.x[m.from[j]] - x0) * f, (m.y[m.from[j]] - y0) * f, (m.x[m.to[j]] - x0) * f, (m.y[m.to[j]] - y0) * f);
    }
    var rgba = new Map();
    for (i = m.x.length - 1; i >= 0; i--) {
      if (!this.nodeOn[i]) continue;
      var col = m.color(i), c = rgba.get(col);
      if (c === undefined) rgba.set(col, c = packColour(col));
      var r = Math.max(1, Math.round(this._radius(i) * f)), cx = Math.round((m.x[i] - x0) * f), cy = Math.round((m.y[i] - y0) * f);
      for (var y = Math.max(0, cy - r); y <= Math.min(H - 1, cy + r); y++)
        for (var x = Math.max(0, cx - r); x <= Math.min(W - 1, cx + r); x++) colour[y * W + x] = c;
    }
    var canvas = document.createElement("canvas");
    canvas.width = W; canvas.height = H;
    var ctx = canvas.getContext("2d"), img = ctx.createImageData(W, H), px = img.data;
    for (var k = 0; k < W * H; k++) {
      var o = k * 4;
      if (colour[k]) {
        px[o] = colour[k] >>> 24; px[o + 1] = (colour[k] >>> 16) & 255; px[o + 2] = (colour[k] >>> 8) & 255; px[o + 3] = 255;
      } else if (count[k]) {
        px[o] = 120; px[o + 1] = 126; px[o + 2] = 132; px[o + 3] = Math.min(230, 50 + 45 * Math.log2(count[k]));
      }
    }
    ctx.putImageData(img, 0, 0);
    return { canvas: canvas, x0: x0, y0: y0, w: W / f, h: H / f };
  };
  function line(count, W, H, ax, ay, bx, by) {  // one pixel step along the longer axis, clipped to the image
    var n = Math.ceil(Math.max(Math.abs(bx - ax), Math.abs(by - ay)));
    if (!n) return;
    var x = ax + 0.5, y = ay + 0.5, dx = (bx - ax) / n, dy = (by - ay) / n;
    for (var t = 0; t <= n; t++, x += dx, y += dy) {
      if (x < 0 || y < 0 || x >= W || y >= H) continue;
      var k = (y | 0) * W + (x | 0);
      if (count[k] < 65535) count[k]++;
    }
  }
  function packColour(css) {  // "#rrggbb" → 0xrrggbbff (never 0: 0 means "no node here")
    var v = parseInt(css.slice(1, 7), 16);
    return ((v << 8) | 255) >>> 0;
  }

  window.GraphView = GraphView;
}());
