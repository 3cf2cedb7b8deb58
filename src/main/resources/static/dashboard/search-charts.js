// Charts of a hyperparameter search: parallel coordinates over the search space, and one parameter's sweep.
import {h, s, append, fmt} from './dom.js';
import {niceStep, ticks, tickLabel, TRAIN_COLOR, VAL_COLOR} from './chart.js';

/** A hyperparameter value as text: lists and objects as compact JSON ("[64,64]"), numbers shortened. */
export function valueText(v) {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'number') return fmt(v);
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
}

const key = v => JSON.stringify(v);

/**
 * One vertical axis: scale maps a value to 0 (bottom) .. 1 (top). The search space's type decides the kind: log for
 * loguniform (and int with log), categories for choice and grid in the order given, linear otherwise; a parameter the
 * space does not describe is read from the values seen.
 */
export function axisFor(label, param, seen) {
    const type = param && param.type;
    if (type === 'choice' || type === 'grid' || (!type && seen.some(v => typeof v !== 'number'))) {
        const values = type ? param.values : [...new Map(seen.map(v => [key(v), v])).values()];
        const index = new Map(values.map((v, i) => [key(v), i]));
        const n = values.length;
        const at = i => n === 1 ? 0.5 : i / (n - 1);
        return {label, kind: 'categorical', scale: v => index.has(key(v)) ? at(index.get(key(v))) : null,
            ticks: values.map((v, i) => ({at: at(i), text: valueText(v)}))};
    }
    const nums = seen.filter(Number.isFinite);
    let lo = type ? Number(param.min) : Math.min(...nums);
    let hi = type ? Number(param.max) : Math.max(...nums);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
    const log = type === 'loguniform' || (type === 'int' && param.log === true);
    if (log && lo > 0 && hi > lo) {
        const a = Math.log10(lo), b = Math.log10(hi);
        const marks = [];
        for (let e = Math.ceil(a - 1e-9); e <= b + 1e-9; e++) marks.push(Math.pow(10, e));
        if (marks.length < 2) marks.splice(0, marks.length, lo, hi);
        return {label, kind: 'log', scale: v => v > 0 ? clamp((Math.log10(v) - a) / (b - a)) : null,
            ticks: marks.map(v => ({at: (Math.log10(v) - a) / (b - a), text: logTick(v)}))};
    }
    if (hi === lo) { const pad = Math.abs(lo) * 0.1 || 0.5; lo -= pad; hi += pad; }
    const step = niceStep(hi - lo, 4);
    return {label, kind: 'linear', scale: v => Number.isFinite(v) ? clamp((v - lo) / (hi - lo)) : null,
        ticks: ticks(lo, hi, step).map(v => ({at: (v - lo) / (hi - lo), text: tickLabel(v, step)}))};
}

function logTick(v) {
    return v >= 0.01 && v < 10000 ? String(Number(v.toPrecision(2))) : v.toExponential(0);
}

function clamp(x) {
    return Math.max(0, Math.min(1, x));
}

/** From a good colour (best objective) to a pale one (worst), so the eye finds the good region of the space. */
function shade(t) {
    const good = [29, 78, 216], bad = [251, 146, 60];
    return 'rgb(' + good.map((g, i) => Math.round(g + (bad[i] - g) * t)).join(',') + ')';
}

/**
 * Parallel coordinates: one line per trial with an objective, across every hyperparameter and the objective; pruned
 * trials faded, the best trial drawn last and thicker. The svg carries data-lines (how many trials it draws).
 */
export function parallelCoordinates({rows, space, objective, mode, best, width = 960, height = 320}) {
    const params = Object.keys(space || {});
    const scored = rows.filter(r => Number.isFinite(r.objective));
    const W = Math.max(480, Math.round(width || 960)), H = height;
    const M = {l: 70, r: 70, t: 34, b: 26};
    const root = s('svg', {viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart-svg pc', 'data-chart': 'parallel',
        'data-lines': scored.length, role: 'img', 'aria-label': 'hyperparameters and ' + objective + ' per trial'});
    const wrap = h('div', {class: 'chart'}, root);
    if (!scored.length) {
        append(root, [s('rect', {x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b, class: 'plot-bg'}),
            s('text', {x: W / 2, y: H / 2, class: 'chart-empty', 'text-anchor': 'middle'},
                'No trial has reported ' + objective + ' yet.')]);
        return wrap;
    }
    const axes = params.map(p => axisFor(p, space[p], scored.map(r => r.hyperparameters?.[p])));
    axes.push(axisFor(objective, null, scored.map(r => r.objective)));
    const ph = H - M.t - M.b;
    const gap = axes.length > 1 ? (W - M.l - M.r) / (axes.length - 1) : 0;
    const ax = i => axes.length > 1 ? M.l + i * gap : W / 2;
    const ay = t => M.t + ph - t * ph;

    const objs = scored.map(r => r.objective);
    const lo = Math.min(...objs), hi = Math.max(...objs);
    const badness = v => hi === lo ? 0 : (mode === 'max' ? hi - v : v - lo) / (hi - lo);
    const lines = s('g', {class: 'pc-lines'});
    const ordered = [...scored].sort((a, b) => (a.trialNumber === best) - (b.trialNumber === best)
        || badness(b.objective) - badness(a.objective));
    for (const r of ordered) {
        const values = [...params.map(p => r.hyperparameters?.[p]), r.objective];
        const pts = values.map((v, i) => [ax(i), axes[i].scale(v)]).filter(p => p[1] !== null);
        const d = pts.map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + ay(p[1]).toFixed(1)).join(' ');
        const pruned = r.stopReason === 'pruned';
        const cls = 'pc-line' + (pruned ? ' faded' : '') + (r.trialNumber === best ? ' best' : '');
        lines.appendChild(s('path', {d, class: cls, stroke: shade(badness(r.objective)), dataset: {trial: r.trialNumber}},
            s('title', null, 'trial #' + r.trialNumber + (pruned ? ' (pruned)' : '') + ' · ' + objective + ' '
                + fmt(r.objective) + ' · ' + params.map(p => p + ' = ' + valueText(r.hyperparameters?.[p])).join(', '))));
    }
    root.appendChild(lines);

    axes.forEach((a, i) => {
        const x = ax(i);
        const g = s('g', {class: 'pc-axis' + (i === axes.length - 1 ? ' objective' : ''), dataset: {axis: a.label, kind: a.kind}});
        const anchor = i === 0 ? 'start' : i === axes.length - 1 ? 'end' : 'middle';
        append(g, [s('line', {x1: x, x2: x, y1: M.t, y2: M.t + ph}),
            s('text', {x: i === 0 ? x - 8 : i === axes.length - 1 ? x + 8 : x, y: M.t - 16, 'text-anchor': anchor,
                class: 'axis-label'}, a.label + (a.kind === 'log' ? ' (log)' : ''))]);
        const left = i === axes.length - 1;
        for (const t of a.ticks) {
            append(g, [s('line', {x1: x - 3, x2: x + 3, y1: ay(t.at), y2: ay(t.at), class: 'pc-tick'}),
                s('text', {x: left ? x + 6 : x - 6, y: ay(t.at) + 4, 'text-anchor': left ? 'start' : 'end', class: 'tick'},
                    t.text)]);
        }
        root.appendChild(g);
    });
    append(wrap, [h('div', {class: 'legend'},
        h('span', {class: 'legend-item'}, h('i', {class: 'gradient'}), h('span', null, 'better → worse ' + objective)),
        scored.some(r => r.stopReason === 'pruned')
            ? h('span', {class: 'legend-item'}, h('i', {class: 'faded-swatch'}), h('span', null, 'pruned (faded)')) : null,
        h('span', {class: 'muted small'}, 'hover a line for its trial'))]);
    return wrap;
}

/**
 * One parameter's sweep: the training and validation metric of the best trial at each value, values in the order the
 * search space gives them (evenly spaced), with the best validation value marked. The svg carries data-points.
 */
export function sweepChart({rows, param, space, family, mode, width = 640, height = 280}) {
    const values = space && Array.isArray(space.values) ? space.values
        : [...new Map(rows.map(r => r.hyperparameters?.[param]).filter(v => v !== undefined)
            .sort((a, b) => typeof a === 'number' && typeof b === 'number' ? a - b : 0).map(v => [key(v), v])).values()];
    const better = (a, b) => mode === 'max' ? a > b : a < b;
    const byValue = new Map();
    for (const r of rows) {
        if (!Number.isFinite(r.objective) || !r.metrics) continue;
        const k = key(r.hyperparameters?.[param]);
        if (!byValue.has(k) || better(r.objective, byValue.get(k).objective)) byValue.set(k, r);
    }
    const train = [], val = [];
    values.forEach((v, i) => {
        const r = byValue.get(key(v));
        const t = r?.metrics?.train?.[family], va = r?.metrics?.validation?.[family];
        if (Number.isFinite(t)) train.push([i, t]);
        if (Number.isFinite(va)) val.push([i, va]);
    });
    const W = Math.max(360, Math.round(width || 640)), H = height;
    const M = {l: 58, r: 18, t: 18, b: 46};
    const root = s('svg', {viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart-svg', 'data-chart': 'sweep',
        'data-points': train.length + val.length, role: 'img', 'aria-label': family + ' against ' + param});
    const wrap = h('div', {class: 'chart'}, root);
    const pw = W - M.l - M.r, ph = H - M.t - M.b;
    root.appendChild(s('rect', {x: M.l, y: M.t, width: pw, height: ph, class: 'plot-bg'}));
    if (!train.length && !val.length) {
        root.appendChild(s('text', {x: W / 2, y: H / 2, class: 'chart-empty', 'text-anchor': 'middle'},
            'The sweep fills in as trials finish.'));
        return wrap;
    }
    const ys = [...train, ...val].map(p => p[1]);
    let y0 = Math.min(...ys), y1 = Math.max(...ys);
    if (y1 === y0) { const pad = Math.abs(y0) * 0.1 || 0.5; y0 -= pad; y1 += pad; }
    const step = niceStep(y1 - y0, 5);
    y0 = Math.floor(y0 / step) * step;
    y1 = Math.ceil(y1 / step) * step;
    const n = values.length;
    const sx = i => M.l + (n === 1 ? pw / 2 : 18 + i / (n - 1) * (pw - 36));
    const sy = y => M.t + ph - (y - y0) / (y1 - y0) * ph;
    const grid = s('g', {class: 'grid'});
    for (const v of ticks(y0, y1, step)) {
        append(grid, [s('line', {x1: M.l, x2: M.l + pw, y1: sy(v), y2: sy(v)}),
            s('text', {x: M.l - 8, y: sy(v) + 4, 'text-anchor': 'end', class: 'tick'}, tickLabel(v, step))]);
    }
    values.forEach((v, i) => append(grid, [s('line', {x1: sx(i), x2: sx(i), y1: M.t, y2: M.t + ph, class: 'vgrid'}),
        s('text', {x: sx(i), y: M.t + ph + 16, 'text-anchor': 'middle', class: 'tick'}, valueText(v))]));
    append(grid, [s('text', {x: M.l + pw / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis-label'}, param),
        s('text', {x: 14, y: M.t + ph / 2, 'text-anchor': 'middle', class: 'axis-label',
            transform: `rotate(-90 14 ${M.t + ph / 2})`}, family + ' at the best epoch')]);
    root.appendChild(grid);
    if (val.length) {
        const sweet = val.reduce((a, b) => better(b[1], a[1]) ? b : a);
        const right = sx(sweet[0]) > M.l + pw * 0.6;
        append(root, [s('line', {x1: sx(sweet[0]), x2: sx(sweet[0]), y1: M.t, y2: M.t + ph, class: 'marker'}),
            s('text', {x: sx(sweet[0]) + (right ? -5 : 5), y: M.t + 12, 'text-anchor': right ? 'end' : 'start',
                class: 'marker-label'}, 'sweet spot: best validation')]);
    }
    const lines = s('g', {class: 'series'});
    for (const [label, color, pts] of [['training', TRAIN_COLOR, train], ['validation', VAL_COLOR, val]]) {
        if (!pts.length) continue;
        lines.appendChild(s('path', {class: 'line', stroke: color, 'data-series': label,
            d: pts.map((p, i) => (i ? 'L' : 'M') + sx(p[0]).toFixed(1) + ' ' + sy(p[1]).toFixed(1)).join(' ')}));
        lines.appendChild(s('g', {fill: color, class: 'dots'}, pts.map(p => s('circle', {cx: sx(p[0]).toFixed(1),
            cy: sy(p[1]).toFixed(1), r: 3.2}, s('title', null, label + ' ' + family + ' at ' + param + ' = '
            + valueText(values[p[0]]) + ': ' + fmt(p[1]))))));
    }
    root.appendChild(lines);
    append(wrap, [h('div', {class: 'legend'}, [['training', TRAIN_COLOR], ['validation', VAL_COLOR]].map(([l, c]) =>
        h('span', {class: 'legend-item'}, h('i', {style: {background: c}}), h('span', null, l))))]);
    return wrap;
}
