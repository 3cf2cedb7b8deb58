// Compare: overlay the validation curves of several jobs.
import {h, replace, fmt, statusBadge, card, empty, jobName, shortId, FINAL} from '../dom.js';
import {request, poll, enc, allMetrics} from '../api.js';
import {lineChart, groupRuns, meanCurve, PALETTE} from '../chart.js';
import {selection} from '../selection.js';

const METRICS = ['val_loss', 'val_accuracy', 'val_rmse', 'val_mae', 'val_r2', 'train_loss', 'train_accuracy',
    'train_rmse', 'train_mae', 'train_r2'];
const HIGHER_IS_BETTER = name => /accuracy|r2$/.test(name);

/** The curve of one metric for a job: its own run when it has one, else the mean over folds or members. */
function curveOf(runs, name) {
    const own = runs.find(r => r.key === 'run');
    if (own && (own.metrics[name] || []).length) return {points: own.metrics[name], note: ''};
    const subs = runs.filter(r => (r.metrics[name] || []).length);
    if (!subs.length) return {points: [], note: ''};
    if (subs.length === 1) return {points: subs[0].metrics[name], note: ' (' + subs[0].label + ')'};
    return {points: meanCurve(subs, name), note: ' (mean of ' + subs.length + ' sub-runs)'};
}

export function compareView(root, params, signal) {
    if (params.ids) selection.set(params.ids.split(',').filter(Boolean));
    const data = new Map();  // id -> {job, etag, runs}
    let metric = params.metric || 'val_loss';
    let recent = [];

    const metricSelect = h('select', {id: 'compare-metric', 'aria-label': 'metric',
        onchange: () => { metric = metricSelect.value; render(); }});
    const picker = h('div', {class: 'picker', id: 'compare-picker'});
    const chartHost = h('div', {class: 'chart-host', id: 'compare-chart'});
    const summaryHost = h('div');

    replace(root,
        h('div', {class: 'page-head'},
            h('div', null, h('h1', null, 'Compare'),
                h('span', {class: 'muted'}, 'Tick jobs to overlay their curves; folds and ensemble members are averaged.')),
            h('div', {class: 'toolbar'}, h('label', {class: 'inline-label', for: 'compare-metric'}, 'Metric'), metricSelect)),
        h('div', {class: 'grid side'},
            h('section', {class: 'card picker-card'}, h('h2', {class: 'card-title'}, 'Jobs'), picker),
            h('div', {class: 'stack'},
                h('section', {class: 'card'}, chartHost),
                summaryHost)));

    function renderPicker() {
        const known = new Map(recent.map(j => [j.id, j]));
        for (const id of selection.ids) if (!known.has(id) && data.get(id)?.job) known.set(id, data.get(id).job);
        replace(picker, known.size ? [...known.values()].map(job => {
            const box = h('input', {type: 'checkbox', checked: selection.ids.has(job.id), dataset: {jobId: job.id},
                onchange: () => { selection.toggle(job.id, box.checked); syncHash(); refresh(); }});
            return h('label', {class: 'pick-row'}, box, h('span', {class: 'pick-name'}, jobName(job)),
                statusBadge(job.status));
        }) : empty('No jobs yet.'));
    }

    function syncHash() {
        const hash = '#/compare?ids=' + [...selection.ids].map(enc).join(',');
        history.replaceState(null, '', hash);
    }

    function render() {
        const selected = [...selection.ids].filter(id => data.get(id)?.runs);
        const available = new Set(selected.flatMap(id => data.get(id).runs.flatMap(r => Object.keys(r.metrics))));
        const options = METRICS.filter(m => available.has(m));
        if (!options.includes(metric) && options.length) metric = options[0];
        replace(metricSelect, (options.length ? options : [metric]).map(m => h('option', {value: m, selected: m === metric}, m)));
        const rows = [];
        const series = selected.map((id, i) => {
            const {job, runs} = data.get(id);
            const c = curveOf(runs, metric);
            const color = PALETTE[i % PALETTE.length];
            let best = null;
            for (const p of c.points) {
                if (!best || (HIGHER_IS_BETTER(metric) ? p[1] > best[1] : p[1] < best[1])) best = p;
            }
            rows.push(h('tr', null,
                h('td', null, h('span', {class: 'swatch', style: {background: color}}),
                    h('a', {href: '#/jobs/' + enc(id)}, jobName(job)), h('span', {class: 'muted small'}, c.note)),
                h('td', null, statusBadge(job.status)),
                h('td', {class: 'num'}, best ? fmt(best[1]) : '—'),
                h('td', {class: 'num'}, best ? String(best[0]) : '—'),
                h('td', {class: 'num'}, c.points.length ? fmt(c.points[c.points.length - 1][1]) : '—'),
                h('td', {class: 'num'}, String(c.points.length))));
            return {label: jobName(job) + ' · ' + shortId(id), color, points: c.points};
        });
        replace(chartHost, selected.length ? lineChart({series, name: 'compare', yLabel: metric, height: 340,
            width: chartHost.clientWidth,
            emptyText: 'None of these jobs has ' + metric + ' points yet.'})
            : empty('Tick two or more jobs on the left (or on the Jobs page) to overlay their curves.'));
        replace(summaryHost, selected.length ? card('Summary', h('table', {class: 'data', id: 'compare-table'},
            h('thead', null, h('tr', null, ['Job', 'Status', 'Best ' + metric, 'At epoch', 'Last', 'Points']
                .map((x, i) => h('th', i > 1 ? {class: 'num'} : null, x)))),
            h('tbody', null, rows))) : null);
    }

    async function load(id) {
        let entry = data.get(id) || {etag: null, job: null, runs: null};
        if (entry.job && FINAL.has(entry.job.status) && entry.runs) return false;
        const r = await request('api/v1/jobs/' + enc(id), {etag: entry.etag, signal});
        if (r.status === 304 && entry.runs) return false;
        entry = {etag: r.etag || entry.etag, job: r.data || entry.job, runs: groupRuns(await allMetrics(id, signal))};
        data.set(id, entry);
        return true;
    }

    let lastRecent = 0;
    async function tick() {
        if (Date.now() - lastRecent > 10000) {
            const {data: page} = await request('api/v1/jobs?size=50', {signal});
            recent = page.items || [];
            lastRecent = Date.now();
            renderPicker();
        }
        let changed = false;
        for (const id of selection.ids) {
            try {
                changed = (await load(id)) || changed;
            } catch (e) {
                if (e.status === 404) { selection.toggle(id, false); changed = true; } else throw e;
            }
        }
        if (changed || !chartHost.firstChild) { render(); renderPicker(); }
    }

    let resizeTimer = null;
    window.addEventListener('resize', () => {
        clearTimeout(resizeTimer);
        resizeTimer = setTimeout(render, 150);
    }, {signal});

    let controller = null;
    function refresh() {
        if (controller) controller.abort();
        controller = new AbortController();
        signal.addEventListener('abort', () => controller.abort());
        render();
        poll(tick, 2000, controller.signal, e => replace(summaryHost, card(null, empty('Cannot refresh: ' + e.message))));
    }
    refresh();
}
