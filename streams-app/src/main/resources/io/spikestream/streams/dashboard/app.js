// spikestream dashboard: renders the JSON snapshots that /dashboard/stream sends (server-sent events).
// Plain browser JavaScript, no libraries, nothing loaded from elsewhere.
"use strict";

const ON = [255, 140, 26];
const OFF = [41, 182, 246];
const cards = new Map(); // sensor id -> {root, canvas, ...}

function el(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}

function fmt(n, digits) {
  if (n === null || n === undefined) return "–";
  return Number(n).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function bytes(b64) {
  const s = atob(b64);
  const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

function softmax(scores) {
  const m = Math.max(...scores);
  const e = scores.map((v) => Math.exp(v - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function card(id) {
  let c = cards.get(id);
  if (c) return c;
  const root = el("div", "sensor");
  root.dataset.sensor = id;
  const h = el("h2", null, root);
  el("span", "id", h).textContent = id;
  const events = el("span", "events", h);
  const body = el("div", "body", root);
  const live = el("div", "live", body);
  const canvas = el("canvas", "frame", live);
  const now = el("div", "caption", live);
  const pred = el("div", "prediction", body);
  const which = el("div", "caption", pred);
  which.textContent = "last decision";
  const predicted = el("div", "predicted", pred);
  predicted.textContent = "waiting…";
  const meta = el("div", "meta", pred);
  const bars = el("div", "bars", pred);
  c = { root, canvas, now, events, which, predicted, meta, bars, barRows: [] };
  cards.set(id, c);
  const list = document.getElementById("sensors");
  const after = [...list.children].find((n) => n.dataset.sensor > id);
  list.insertBefore(root, after || null);
  return c;
}

function drawFrame(canvas, f) {
  if (canvas.width !== f.width || canvas.height !== f.height) {
    canvas.width = f.width;
    canvas.height = f.height;
  }
  const on = bytes(f.on);
  const off = bytes(f.off);
  let max = 1;
  for (let i = 0; i < on.length; i++) max = Math.max(max, on[i], off[i]);
  const scale = Math.max(1, max * 0.6);
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(f.width, f.height);
  for (let i = 0; i < on.length; i++) {
    const a = Math.min(1, on[i] / scale);
    const b = Math.min(1, off[i] / scale);
    img.data[4 * i] = Math.min(255, ON[0] * a + OFF[0] * b);
    img.data[4 * i + 1] = Math.min(255, ON[1] * a + OFF[1] * b);
    img.data[4 * i + 2] = Math.min(255, ON[2] * a + OFF[2] * b);
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

function drawBars(c, classes, scores, predicted) {
  const p = softmax(scores);
  while (c.barRows.length < p.length) {
    const row = el("div", "bar", c.bars);
    const name = el("span", "name", row);
    const track = el("span", "track", row);
    const fill = el("span", "fill", track);
    fill.style.display = "block";
    c.barRows.push({ row, name, fill });
  }
  p.forEach((v, k) => {
    const r = c.barRows[k];
    r.name.textContent = classes[k] !== undefined ? classes[k] : String(k);
    r.fill.style.width = (100 * v).toFixed(1) + "%";
    r.row.className = k === predicted ? "bar top" : "bar";
    r.row.title = (100 * v).toFixed(1) + " %";
  });
}

function drawHistogram(hist, timesteps) {
  const canvas = document.getElementById("exit-histogram");
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const n = Math.max(hist.length, 1);
  const max = Math.max(1, ...hist);
  const w = canvas.width / n;
  ctx.font = "10px system-ui, sans-serif";
  ctx.textAlign = "center";
  hist.forEach((v, t) => {
    const h = (canvas.height - 14) * (v / max);
    ctx.fillStyle = "#ff8c1a";
    ctx.fillRect(t * w + 2, canvas.height - 12 - h, w - 4, h);
    ctx.fillStyle = "#8a94a6";
    ctx.fillText(String(t + 1), t * w + w / 2, canvas.height - 2);
  });
  canvas.title = "classifications by timesteps used (1.." + timesteps + ")";
}

function render(s) {
  const classes = s.model ? s.model.classes : [];
  document.getElementById("model").textContent = s.model
    ? "model " + s.model.name + " v" + s.model.version + " · T = " + s.model.timesteps + " · " + classes.length + " classes"
    : "waiting for a model…";
  document.getElementById("events-per-second").textContent = fmt(s.eventsPerSecond, 0);
  document.getElementById("classifications-per-second").textContent = fmt(s.classificationsPerSecond, 1);
  document.getElementById("classifications").textContent = fmt(s.classifications, 0);
  document.getElementById("accuracy").textContent = s.accuracy === null ? "–" : fmt(100 * s.accuracy, 1) + " %";
  document.getElementById("accuracy-detail").textContent = s.labelled ? "(" + s.correct + "/" + s.labelled + ")" : "";
  document.getElementById("mean-exit").textContent =
    s.meanExitTimestep === null ? "–" : fmt(s.meanExitTimestep, 2) + (s.model ? " / " + s.model.timesteps : "");
  document.getElementById("p99").textContent = fmt(s.p99LatencyMillis, 1);
  drawHistogram(s.exitHistogram, s.model ? s.model.timesteps : s.exitHistogram.length);
  for (const sensor of s.sensors) {
    const c = card(sensor.id);
    c.events.textContent = fmt(sensor.events, 0) + " events";
    c.now.textContent = sensor.labelName ? "now: " + sensor.labelName : "now";
    if (sensor.frame) drawFrame(c.canvas, sensor.frame);
    const p = sensor.prediction;
    if (p) {
      c.predicted.textContent = p.predictedName + (p.trueLabel === null ? "" : p.correct ? " ✓" : " ✗ (" + p.trueName + ")");
      c.predicted.className = "predicted" + (p.trueLabel === null ? "" : p.correct ? " correct" : " wrong");
      c.meta.textContent =
        "exit at step " + (p.exitStep + 1) + "/" + p.timesteps + " (" + p.exitReason.toLowerCase() + ") · " +
        fmt(p.latencyMillis, 2) + " ms";
      c.which.textContent = "last decision" + (p.sampleId ? " · " + p.sampleId : "");
      drawBars(c, classes, p.scores, p.predicted);
    }
  }
}

function connect() {
  const status = document.getElementById("connection");
  const source = new EventSource("/dashboard/stream");
  source.onopen = () => {
    status.textContent = "live";
    status.className = "up";
  };
  source.onmessage = (m) => render(JSON.parse(m.data));
  source.onerror = () => {
    status.textContent = "reconnecting";
    status.className = "down";
  };
}

connect();
