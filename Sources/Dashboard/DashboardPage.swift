import Report

/// The dashboard page: a static shell (HTML + CSS) and one script that reads `/api/v1/*` and
/// re-reads it whenever `/api/v1/stream` reports a change. Everything is served by the dashboard
/// itself (no CDN); journal text is inserted with `textContent`, never as HTML.
enum DashboardPage {
    static let html = """
    <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Sentrade dashboard</title><style>\(ReportDocument.css)
    header.bar{display:flex;flex-wrap:wrap;gap:.6em;align-items:center}.badge{padding:.15em .6em;border-radius:1em;font-size:.85em;background:#eee}
    .badge.ACTIVE{background:#d4f4d4}.badge.REDUCING{background:#ffe6b3}.badge.HALTED,.badge.bad{background:#f8c9c9}.badge.good{background:#d4f4d4}
    .grid2{display:grid;grid-template-columns:1fr 1fr;gap:1em}@media (max-width:800px){.grid2{grid-template-columns:1fr}}
    .probs span{display:block;font-size:12px}.why{white-space:normal;min-width:20em;max-width:40em}
    .scroll.tall{max-height:30em;overflow-y:auto}button{margin-right:.4em;padding:.3em .8em}
    button.kill{background:#d62728;color:#fff;border:0;border-radius:4px}#control-result{margin-left:.5em}
    </style><script src="/app.js" defer></script></head><body data-refreshes="0" data-sse-events="0">
    <header class="bar"><h1>Sentrade</h1><span id="strategy">…</span><span id="mode" class="badge">…</span>
    <span id="risk" class="badge">…</span><span id="paused" class="badge" hidden>paused</span><span id="health" class="badge">…</span>
    <span id="live" class="badge">connecting</span><a href="/report">report</a></header>
    <main>
    <section><div class="kpis" id="kpis"></div><p id="problems" class="empty"></p></section>
    <section><h2>Equity</h2><div id="equity"></div><h2>Drawdown</h2><div id="drawdown"></div></section>
    <div class="grid2"><section><h2>Positions</h2><div class="scroll"><table id="positions"><thead><tr><th>symbol</th><th class="num">quantity</th>
    <th class="num">price</th><th class="num">value</th><th class="num">avg cost</th><th class="num">unrealised</th><th>marked</th></tr></thead><tbody></tbody></table></div></section>
    <section><h2>Orders</h2><div class="scroll tall"><table id="orders"><thead><tr><th>client order id</th><th>symbol</th><th>side</th><th class="num">qty</th>
    <th class="num">filled</th><th>state</th><th>reason</th></tr></thead><tbody></tbody></table></div></section></div>
    <section><h2>Why it traded: recent decisions</h2><div class="scroll tall"><table id="decisions"><thead><tr><th>bar</th><th>symbol</th><th>decision</th>
    <th class="num">exposure</th><th>probabilities</th><th>why</th></tr></thead><tbody></tbody></table></div></section>
    <div class="grid2"><section><h2>Fills</h2><div class="scroll tall"><table id="fills"><thead><tr><th>time</th><th>symbol</th><th>side</th>
    <th class="num">qty</th><th class="num">price</th><th class="num">fees</th><th>source</th></tr></thead><tbody></tbody></table></div></section>
    <section><h2>Controls</h2><div id="controls"><p><label>token <input id="token" type="password" autocomplete="off" size="24"></label>
    <label>by <input id="by" size="10" placeholder="your name"></label></p>
    <p><button id="pause">Pause</button><button id="resume">Resume</button><button id="kill" class="kill">Kill switch (flatten)</button><span id="control-result"></span></p>
    <div class="scroll"><table id="control-history"><thead><tr><th>time</th><th>action</th><th>by</th><th>state</th><th>note</th></tr></thead><tbody></tbody></table></div></div></section></div>
    <section><h2>Log</h2><div class="scroll tall"><table id="events"><thead><tr><th>time</th><th>kind</th><th>symbol</th><th>message</th></tr></thead><tbody></tbody></table></div>
    <pre id="log-lines" class="empty"></pre></section>
    </main></body></html>
    """

    static let script = #"""
    "use strict";
    const params = new URLSearchParams(location.search);
    if (params.get("token")) sessionStorage.setItem("sentradeToken", params.get("token"));
    const token = () => document.getElementById("token").value || sessionStorage.getItem("sentradeToken") || "";
    document.body.dataset.loadId = Math.random().toString(36).slice(2);
    const headers = () => token() ? { "Authorization": "Bearer " + token() } : {};
    async function get(path) {
      const r = await fetch("/api/v1/" + path, { headers: headers(), cache: "no-store" });
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    }
    const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(+x)) ? "–" : (+x).toFixed(d);
    const pct = x => (x === null || x === undefined) ? "–" : (100 * x).toFixed(1) + "%";
    const day = t => t ? t.replace("T", " ").replace("Z", "").slice(0, 16) : "–";
    function el(tag, text, attrs) {
      const e = document.createElement(tag);
      if (text !== undefined && text !== null) e.textContent = String(text);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
      return e;
    }
    function fill(id, rows, make) {
      const body = document.querySelector("#" + id + " tbody");
      body.replaceChildren(...rows.map(make));
      document.getElementById(id).dataset.rows = rows.length;
    }
    function row(cells, attrs, numeric) {
      const tr = el("tr", null, attrs);
      cells.forEach((c, i) => { const td = c instanceof Node ? (() => { const t = el("td"); t.append(c); return t; })() : el("td", c); if ((numeric || []).includes(i)) td.className = "num"; tr.append(td); });
      return tr;
    }
    const NS = "http://www.w3.org/2000/svg";
    function chart(id, times, values, format) {
      const w = 900, h = 220, l = 60, r = 10, t = 10, b = 24;
      const svg = document.createElementNS(NS, "svg");
      svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
      svg.id = id + "-chart";
      svg.dataset.points = values.length;
      const finite = values.filter(Number.isFinite);
      if (finite.length) {
        let lo = Math.min(...finite), hi = Math.max(...finite);
        if (hi - lo < 1e-12) { lo -= 0.5; hi += 0.5; }
        const n = Math.max(values.length - 1, 1);
        const x = i => l + i / n * (w - l - r), y = v => t + (hi - v) / (hi - lo) * (h - t - b);
        for (let k = 0; k <= 4; k++) {
          const v = lo + (hi - lo) * k / 4;
          const line = document.createElementNS(NS, "line");
          Object.entries({ x1: l, x2: w - r, y1: y(v), y2: y(v), class: "grid" }).forEach(([a, b]) => line.setAttribute(a, b));
          const label = document.createElementNS(NS, "text");
          Object.entries({ x: 4, y: y(v) + 4, class: "axis" }).forEach(([a, b]) => label.setAttribute(a, b));
          label.textContent = format(v);
          svg.append(line, label);
        }
        [0, values.length - 1].forEach((i, k) => {
          const label = document.createElementNS(NS, "text");
          Object.entries({ x: x(i), y: h - 6, class: "axis", "text-anchor": k ? "end" : "start" }).forEach(([a, b]) => label.setAttribute(a, b));
          label.textContent = day(times[i]);
          svg.append(label);
        });
        const poly = document.createElementNS(NS, "polyline");
        poly.setAttribute("fill", "none"); poly.setAttribute("stroke", "#1f77b4"); poly.setAttribute("stroke-width", "1.5");
        poly.setAttribute("points", values.map((v, i) => x(i).toFixed(1) + "," + y(v).toFixed(1)).join(" "));
        svg.append(poly);
      }
      document.getElementById(id).replaceChildren(svg);
    }
    async function refresh() {
      const [status, health, positions, orders, trades, equity, decisions, logs] = await Promise.all(
        ["status", "health", "positions", "orders?limit=50", "trades?limit=50", "equity", "decisions?limit=30", "logs?limit=40"].map(get));
      document.getElementById("strategy").textContent = (status.strategy || "no run yet") + (status.run ? " · run " + status.run : "");
      document.getElementById("mode").textContent = status.mode || "–";
      const risk = document.getElementById("risk");
      risk.textContent = status.riskState; risk.className = "badge " + status.riskState; risk.title = status.riskReason || "";
      const paused = document.getElementById("paused");
      paused.hidden = !status.pausedBy; paused.textContent = "paused by " + (status.pausedBy || "");
      const h = document.getElementById("health");
      h.textContent = health.ok ? "healthy" : "attention"; h.className = "badge " + (health.ok ? "good" : "bad");
      document.getElementById("problems").textContent = health.problems.join(" · ");
      const last = equity[equity.length - 1];
      const dd = equity.reduce((m, e) => Math.min(m, e.drawdown), 0);
      document.getElementById("kpis").replaceChildren(...[
        ["equity", last ? fmt(last.equity) : "–"], ["drawdown now", last ? pct(last.drawdown) : "–"], ["max drawdown", pct(dd)],
        ["open orders", orders.filter(o => ["intent", "sent", "unknown"].includes(o.state)).length],
        ["fills", status.counts.fills], ["decisions", status.counts.decisions], ["last bar", day(status.lastBarAt)],
        ["runner", health.runnerActive ? "running (pid " + health.pid + ")" : (status.endedAt ? "ended: " + (status.exitReason || "") : "not running")],
      ].map(([k, v]) => { const d = el("div", null, { class: "kpi" }); d.append(el("span", k), el("b", v)); return d; }));
      chart("equity", equity.map(e => e.time), equity.map(e => e.equity), v => v.toFixed(0));
      chart("drawdown", equity.map(e => e.time), equity.map(e => e.drawdown), v => (100 * v).toFixed(0) + "%");
      fill("positions", positions, p => row([p.symbol, fmt(p.quantity, 4), fmt(p.price), fmt(p.value), fmt(p.averageCost), fmt(p.unrealisedPnL), day(p.markedAt)],
        { "data-symbol": p.symbol, "data-quantity": p.quantity }, [1, 2, 3, 4, 5]));
      fill("orders", orders.slice().reverse(), o => row([o.clientOrderID, o.symbol, o.side, fmt(o.quantity, 4), fmt(o.filledQuantity, 4), o.state, o.reason || ""],
        { "data-order-id": o.clientOrderID, "data-state": o.state }, [3, 4]));
      fill("fills", trades.slice().reverse(), f => row([day(f.time), f.symbol, f.side, fmt(f.quantity, 4), fmt(f.price), fmt(f.commission + f.slippage), f.source],
        { "data-execution-id": f.executionID }, [3, 4, 5]));
      fill("decisions", decisions.slice().reverse(), d => {
        const x = d.explanation;
        const probs = el("div", null, { class: "probs" });
        if (x) x.actions.forEach((a, i) => probs.append(el("span", a + " " + fmt(x.probabilities[i]) + (x.withoutSentiment ? " (w/o sentiment " + fmt(x.withoutSentiment[i]) + ")" : ""))));
        const why = el("div", d.why || "no explanation (a rule-based policy)", { class: "why" });
        return row([day(d.time), d.symbol, d.decision, fmt(d.exposure, 3), probs, why],
          { "data-symbol": d.symbol, "data-seq": d.seq, "data-explained": x ? "true" : "false" }, [3]);
      });
      fill("events", logs.events.slice().reverse(), e => row([day(e.time), e.kind, e.symbol || "", e.message]));
      fill("control-history", logs.controls.slice().reverse(), c => row([day(c.time), c.action, c.requestedBy + " (" + c.origin + ")", c.state, c.note || c.reason || ""]));
      document.getElementById("log-lines").textContent = logs.lines.join("\n");
      document.body.dataset.refreshes = +document.body.dataset.refreshes + 1;
      document.body.dataset.equityPoints = equity.length;
    }
    let pending = null;
    function scheduleRefresh() {
      if (pending) return;
      pending = setTimeout(() => { pending = null; refresh().catch(e => { document.getElementById("problems").textContent = String(e); }); }, 150);
    }
    function connect() {
      const live = document.getElementById("live");
      const source = new EventSource("/api/v1/stream" + (sessionStorage.getItem("sentradeToken") ? "?token=" + encodeURIComponent(sessionStorage.getItem("sentradeToken")) : ""));
      source.addEventListener("open", () => { live.textContent = "live"; live.className = "badge good"; });
      source.addEventListener("change", () => { document.body.dataset.sseEvents = +document.body.dataset.sseEvents + 1; scheduleRefresh(); });
      source.addEventListener("error", () => { live.textContent = "reconnecting"; live.className = "badge bad"; });
    }
    async function control(action) {
      if (action === "kill" && !confirm("Trip the kill switch: cancel open orders and flatten every position?")) return;
      const result = document.getElementById("control-result");
      try {
        const r = await fetch("/api/v1/" + action, { method: "POST", headers: Object.assign({ "Content-Type": "application/json" }, headers()),
          body: JSON.stringify({ by: document.getElementById("by").value || undefined }) });
        const body = await r.json();
        result.textContent = r.ok ? action + " queued (#" + body.id + ")" : (body.error || "HTTP " + r.status);
      } catch (e) { result.textContent = String(e); }
      scheduleRefresh();
    }
    ["pause", "resume", "kill"].forEach(a => document.getElementById(a).addEventListener("click", () => control(a)));
    refresh().catch(e => { document.getElementById("problems").textContent = String(e); });
    connect();
    """#
}
