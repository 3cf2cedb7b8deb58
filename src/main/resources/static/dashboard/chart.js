// Line charts drawn as SVG, and the grouping of metric points into curves.
import {h, s, append, fmt} from './dom.js';

export const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777',
    '#4f46e5', '#65a30d'];
export const TRAIN_COLOR = '#2563eb';
export const VAL_COLOR = '#ea580c';

const M = {l: 58, r: 18, t: 16, b: 40};

export function niceStep(span, count) {
    const raw = span / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const n = raw / mag;
    return (n >= 7.5 ? 10 : n >= 3.5 ? 5 : n >= 1.5 ? 2 : 1) * mag;
}

export function ticks(lo, hi, step) {
    const out = [];
    const start = Math.ceil(lo / step - 1e-9) * step;
    for (let v = start; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
    return out;
}

export function tickLabel(v, step) {
    const decimals = Math.max(0, -Math.floor(Math.log10(step)));
    return Math.abs(v) >= 10000 ? v.toExponential(1) : v.toFixed(Math.min(decimals, 6));
}

/**
 * A line chart. series: [{label, color, points: [[x, y], ...], dashed, faded, dotsOnly}]; marker: {x, label} draws a
 * vertical line, markers: [{x, label, kind}] several (kind lands in data-marker). The svg carries data-points (how many
 * points are drawn) so tests and people can see it grow.
 */
export function lineChart({series, name, xLabel = 'epoch', yLabel = '', height = 260, marker = null, markers = null,
                              width = 640, showLegend = true,
                              emptyText = 'No points yet: the curve starts when the first epoch ends.'}) {
    const H = height;
    const W = Math.max(320, Math.round(width || 640));
    const drawn = series.filter(x => x.points.length);
    const total = drawn.reduce((n, x) => n + x.points.length, 0);
    const root = s('svg', {viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart-svg', 'data-chart': name, 'data-points': total,
        role: 'img', 'aria-label': (yLabel || name) + ' per ' + xLabel, preserveAspectRatio: 'xMidYMid meet'});
    const wrap = h('div', {class: 'chart'}, root);
    if (!total) {
        append(root, [s('rect', {x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b, class: 'plot-bg'}),
            s('text', {x: W / 2, y: H / 2, class: 'chart-empty', 'text-anchor': 'middle'}, emptyText)]);
        return wrap;
    }
    const xs = drawn.flatMap(x => x.points.map(p => p[0]));
    const ys = drawn.flatMap(x => x.points.map(p => p[1])).filter(Number.isFinite);
    let x0 = Math.min(...xs), x1 = Math.max(...xs);
    if (x1 === x0) { x0 = Math.max(0, x0 - 1); x1 = x1 + 1; }
    let y0 = Math.min(...ys), y1 = Math.max(...ys);
    if (!ys.length) { y0 = 0; y1 = 1; }
    if (y1 === y0) { const pad = Math.abs(y0) * 0.1 || 0.5; y0 -= pad; y1 += pad; }
    const yStep = niceStep(y1 - y0, 5);
    y0 = Math.floor(y0 / yStep) * yStep;
    y1 = Math.ceil(y1 / yStep) * yStep;
    const xStep = Math.max(1, Math.round(niceStep(x1 - x0, 8)));
    const pw = W - M.l - M.r, ph = H - M.t - M.b;
    const sx = x => M.l + (x - x0) / (x1 - x0) * pw;
    const sy = y => M.t + ph - (y - y0) / (y1 - y0) * ph;

    root.appendChild(s('rect', {x: M.l, y: M.t, width: pw, height: ph, class: 'plot-bg'}));
    const grid = s('g', {class: 'grid'});
    for (const v of ticks(y0, y1, yStep)) {
        append(grid, [s('line', {x1: M.l, x2: M.l + pw, y1: sy(v), y2: sy(v)}),
            s('text', {x: M.l - 8, y: sy(v) + 4, 'text-anchor': 'end', class: 'tick'}, tickLabel(v, yStep))]);
    }
    for (const v of ticks(x0, x1, xStep)) {
        append(grid, [s('line', {x1: sx(v), x2: sx(v), y1: M.t, y2: M.t + ph, class: 'vgrid'}),
            s('text', {x: sx(v), y: M.t + ph + 16, 'text-anchor': 'middle', class: 'tick'}, String(v))]);
    }
    append(grid, [
        s('text', {x: M.l + pw / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis-label'}, xLabel),
        s('text', {x: 14, y: M.t + ph / 2, 'text-anchor': 'middle', class: 'axis-label',
            transform: `rotate(-90 14 ${M.t + ph / 2})`}, yLabel)]);
    root.appendChild(grid);

    const shown = [...(markers || []), ...(marker ? [marker] : [])].filter(one => one.x >= x0 && one.x <= x1);
    shown.forEach((one, i) => {
        const right = sx(one.x) > M.l + pw * 0.6;
        append(root, [s('line', {x1: sx(one.x), x2: sx(one.x), y1: M.t, y2: M.t + ph,
            class: 'marker' + (one.kind && one.kind !== 'best' ? ' finding-marker' : ''),
            'data-marker': one.kind || 'marker', 'data-x': one.x}),
            s('text', {x: sx(one.x) + (right ? -5 : 5), y: M.t + 12 + 13 * i, 'text-anchor': right ? 'end' : 'start',
                class: 'marker-label'}, one.label)]);
    });

    const lines = s('g', {class: 'series'});
    for (const one of drawn) {
        const pts = one.points.filter(p => Number.isFinite(p[1]));
        const d = pts.map((p, i) => (i ? 'L' : 'M') + sx(p[0]).toFixed(1) + ' ' + sy(p[1]).toFixed(1)).join(' ');
        const faded = one.faded ? ' faded' : '';
        if (!one.dotsOnly) {
            lines.appendChild(s('path', {d, class: 'line' + (one.dashed ? ' dashed' : '') + faded, stroke: one.color,
                'data-series': one.label}));
        }
        if (pts.length <= 160) {
            const dots = s('g', {fill: one.color, class: 'dots' + faded});
            for (const p of pts) {
                dots.appendChild(s('circle', {cx: sx(p[0]).toFixed(1), cy: sy(p[1]).toFixed(1), r: 2.6},
                    s('title', null, `${one.label} · ${xLabel} ${p[0]}: ${fmt(p[1])}`)));
            }
            lines.appendChild(dots);
        }
    }
    root.appendChild(lines);

    // hover: a guide line and the values of every series at the nearest x
    const guide = s('line', {class: 'guide', y1: M.t, y2: M.t + ph, visibility: 'hidden'});
    const tip = h('div', {class: 'chart-tip', hidden: true});
    const overlay = s('rect', {x: M.l, y: M.t, width: pw, height: ph, class: 'hover-area'});
    const allX = [...new Set(xs)].sort((a, b) => a - b);
    overlay.addEventListener('mousemove', ev => {
        const box = root.getBoundingClientRect();
        const vx = (ev.clientX - box.left) / box.width * W;
        const xv = x0 + (vx - M.l) / pw * (x1 - x0);
        let best = allX[0];
        for (const x of allX) if (Math.abs(x - xv) < Math.abs(best - xv)) best = x;
        guide.setAttribute('x1', sx(best));
        guide.setAttribute('x2', sx(best));
        guide.setAttribute('visibility', 'visible');
        tip.replaceChildren(h('div', {class: 'tip-title'}, xLabel + ' ' + best),
            ...drawn.map(one => {
                const p = one.points.find(q => q[0] === best);
                return p ? h('div', {class: 'tip-row'}, h('i', {style: {background: one.color}}),
                    h('span', null, one.label), h('b', null, fmt(p[1]))) : null;
            }).filter(Boolean));
        tip.hidden = false;
        const left = sx(best) / W * box.width;
        tip.style.left = (left > box.width * 0.6 ? left - tip.offsetWidth - 12 : left + 12) + 'px';
        tip.style.top = (M.t / H * box.height + 4) + 'px';
    });
    overlay.addEventListener('mouseleave', () => { guide.setAttribute('visibility', 'hidden'); tip.hidden = true; });
    append(root, [guide, overlay]);
    append(wrap, [tip, showLegend ? legend(drawn) : null]);
    return wrap;
}

export function legend(series) {
    return h('div', {class: 'legend'}, series.map(one =>
        h('span', {class: 'legend-item'}, h('i', {class: one.dashed ? 'dashed' : '', style: {background: one.color}}),
            h('span', null, one.label))));
}

/**
 * Groups metric points into runs: the job's own run, each fold, each member; a run whose epochs start again at 1
 * (bias-variance rounds, a restart) gets a pass of its own. Answers [{key, label, metrics: {name: [[epoch, v]]}}].
 */
export function groupRuns(points) {
    const runs = new Map();
    const lastEpoch = new Map();
    for (const p of points) {
        const base = p.fold !== null && p.fold !== undefined ? 'fold ' + p.fold
            : p.member !== null && p.member !== undefined ? 'member ' + p.member : 'run';
        const track = base + '|' + p.name;
        let pass = lastEpoch.get(track)?.pass || 1;
        const last = lastEpoch.get(track)?.epoch;
        if (last !== undefined && p.epoch === 1 && last >= 1) pass++;
        lastEpoch.set(track, {epoch: p.epoch, pass});
        const key = pass > 1 ? base + ' · pass ' + pass : base;
        if (!runs.has(key)) runs.set(key, {key, label: key, metrics: {}});
        const series = runs.get(key).metrics[p.name] ||= new Map();
        series.set(p.epoch, p.value);
    }
    return [...runs.values()].map(r => ({
        key: r.key, label: r.label,
        metrics: Object.fromEntries(Object.entries(r.metrics).map(([name, m]) =>
            [name, [...m.entries()].sort((a, b) => a[0] - b[0])])),
    }));
}

/** Metric families a run offers besides loss: accuracy, rmse, mae, r2. */
export function families(runs) {
    const names = new Set(runs.flatMap(r => Object.keys(r.metrics)));
    const out = [];
    for (const f of ['accuracy', 'rmse', 'mae', 'r2']) {
        if (names.has('train_' + f) || names.has('val_' + f)) out.push(f);
    }
    return out;
}

export const FAMILY_LABEL = {loss: 'Loss', accuracy: 'Accuracy', rmse: 'RMSE', mae: 'MAE', r2: 'R²'};

/** The mean across runs per epoch, for a metric no single run carries for the whole job (k-fold, members). */
export function meanCurve(runs, name) {
    const byEpoch = new Map();
    for (const r of runs) {
        for (const [x, y] of r.metrics[name] || []) {
            const a = byEpoch.get(x) || [0, 0];
            a[0] += y; a[1]++;
            byEpoch.set(x, a);
        }
    }
    return [...byEpoch.entries()].sort((a, b) => a[0] - b[0]).map(([x, a]) => [x, a[0] / a[1]]);
}
