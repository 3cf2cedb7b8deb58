// The job list: status, progress, validation metric and age, refreshed live.
import {h, replace, age, dateTime, fmt, setStatus, statusBadge, progressBar, updateProgress, empty, jobName,
    shortId, FINAL} from '../dom.js';
import {request, poll, enc} from '../api.js';
import {selection} from '../selection.js';

const PAGE_SIZE = 25;
const STATUSES = ['QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

/** The validation figure worth showing for a job: the result's (best epoch) when done, else the latest. */
export function validationSummary(job) {
    const v = job.result && job.result.metrics && job.result.metrics.validation;
    if (v) {
        if (v.accuracy !== undefined) return {label: 'acc', value: v.accuracy, note: 'validation accuracy (best epoch)'};
        if (v.r2 !== undefined) return {label: 'R²', value: v.r2, note: 'validation R² (best epoch)'};
        if (v.rmse !== undefined) return {label: 'rmse', value: v.rmse, note: 'validation RMSE (best epoch)'};
        if (v.loss !== undefined) return {label: 'loss', value: v.loss, note: 'validation loss (best epoch)'};
    }
    const m = job.metrics || {};
    if (m.val_accuracy !== undefined) return {label: 'acc', value: m.val_accuracy, note: 'latest validation accuracy'};
    if (m.val_r2 !== undefined) return {label: 'R²', value: m.val_r2, note: 'latest validation R²'};
    if (m.val_loss !== undefined) return {label: 'loss', value: m.val_loss, note: 'latest validation loss'};
    return null;
}

export function jobsView(root, params, signal) {
    let page = Number(params.page || 0);
    let status = params.status || '';
    let lastUpdated = null;
    let lastFull = 0;
    let items = [];
    const rows = new Map();

    const filter = h('select', {id: 'status-filter', 'aria-label': 'Filter by status',
        onchange: () => { status = filter.value; page = 0; lastFull = 0; refreshNow(); }},
    h('option', {value: ''}, 'All states'), STATUSES.map(x => h('option', {value: x, selected: x === status},
        x.charAt(0) + x.slice(1).toLowerCase())));
    const compareBtn = h('button', {class: 'btn', id: 'compare-selected', type: 'button',
        onclick: () => { location.hash = '#/compare?ids=' + [...selection.ids].map(enc).join(','); }}, 'Compare');
    const tbody = h('tbody', {id: 'job-rows'});
    const tableEl = h('table', {class: 'data jobs-table', id: 'jobs-table'},
        h('thead', null, h('tr', null, h('th', {class: 'select-col'}, ''), h('th', null, 'Name'),
            h('th', null, 'Status'), h('th', {class: 'progress-col'}, 'Progress'),
            h('th', {class: 'num'}, 'Validation'), h('th', {class: 'num'}, 'Age'))),
        tbody);
    const emptyBox = h('div', {hidden: true});
    const pager = h('div', {class: 'pager'});
    const summary = h('span', {class: 'muted'});

    replace(root,
        h('div', {class: 'page-head'},
            h('div', null, h('h1', null, 'Jobs'), summary),
            h('div', {class: 'toolbar'}, filter, compareBtn,
                h('a', {class: 'btn primary', href: '#/submit'}, 'New job'))),
        h('section', {class: 'card flush'}, tableEl, emptyBox),
        pager);

    function updateCompare() {
        const n = selection.ids.size;
        compareBtn.textContent = n ? 'Compare (' + n + ')' : 'Compare';
        compareBtn.disabled = n < 1;
        compareBtn.title = n < 2 ? 'Tick two or more jobs to overlay their validation curves' : '';
    }

    function row(job) {
        let r = rows.get(job.id);
        if (!r) {
            const box = h('input', {type: 'checkbox', 'aria-label': 'select for comparison', class: 'pick',
                checked: selection.ids.has(job.id),
                onchange: () => { selection.toggle(job.id, box.checked); updateCompare(); }});
            const link = h('a', {class: 'job-link', href: '#/jobs/' + enc(job.id)});
            const idText = h('span', {class: 'muted mono small'}, shortId(job.id));
            const badge = statusBadge(job.status);
            const progress = progressBar(job);
            const metric = h('span', {class: 'metric-value'});
            const ageEl = h('span', {class: 'age'});
            const tr = h('tr', {dataset: {jobId: job.id}, class: 'job-row'},
                h('td', {class: 'select-col'}, box),
                h('td', {class: 'name-col'}, link, h('br'), idText),
                h('td', null, badge),
                h('td', {class: 'progress-col'}, progress),
                h('td', {class: 'num'}, metric),
                h('td', {class: 'num'}, ageEl));
            r = {tr, link, badge, progress, metric, ageEl, box};
            rows.set(job.id, r);
        }
        r.link.textContent = jobName(job);
        r.link.classList.toggle('untitled', !job.name);
        setStatus(r.badge, job.status);
        updateProgress(r.progress, job);
        const v = validationSummary(job);
        r.metric.textContent = v ? v.label + ' ' + fmt(v.value) : '—';
        r.metric.title = v ? v.note : '';
        r.ageEl.textContent = age(job.createdAt);
        r.ageEl.title = 'created ' + dateTime(job.createdAt);
        r.tr.dataset.status = job.status;
        return r.tr;
    }

    function render(data) {
        items = data.items || [];
        const seen = new Set(items.map(j => j.id));
        for (const id of [...rows.keys()]) if (!seen.has(id)) { rows.get(id).tr.remove(); rows.delete(id); }
        items.forEach((job, i) => {
            const tr = row(job);
            if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] || null);
        });
        const active = items.filter(j => !FINAL.has(j.status)).length;
        summary.textContent = data.totalItems + (data.totalItems === 1 ? ' job' : ' jobs')
            + (active ? ' · ' + active + ' active on this page' : '');
        tableEl.hidden = items.length === 0;
        emptyBox.hidden = items.length > 0;
        replace(emptyBox, items.length ? null : empty(status
            ? 'No ' + status.toLowerCase() + ' jobs.'
            : 'No jobs yet. Submit one from the Submit page.'));
        replace(pager, data.totalPages > 1 ? [
            h('button', {class: 'btn small', type: 'button', disabled: page <= 0,
                onclick: () => { page--; lastFull = 0; refreshNow(); }}, '‹ Newer'),
            h('span', {class: 'muted'}, 'Page ' + (page + 1) + ' of ' + data.totalPages),
            h('button', {class: 'btn small', type: 'button', disabled: page + 1 >= data.totalPages,
                onclick: () => { page++; lastFull = 0; refreshNow(); }}, 'Older ›')] : null);
        for (const job of items) {
            if (job.updatedAt && (!lastUpdated || Date.parse(job.updatedAt) > Date.parse(lastUpdated))) {
                lastUpdated = job.updatedAt;
            }
        }
        updateCompare();
    }

    async function full() {
        const q = new URLSearchParams({page: String(page), size: String(PAGE_SIZE)});
        if (status) q.set('status', status);
        const {data} = await request('api/v1/jobs?' + q, {signal});
        lastFull = Date.now();
        render(data);
    }

    // Cheap polling: ask whether anything changed since the newest update seen; refresh the page only then
    // (and every 15 s regardless, for ages and edge cases).
    async function tick() {
        if (!lastFull || !lastUpdated || Date.now() - lastFull > 15000) return full();
        const q = new URLSearchParams({updatedAfter: lastUpdated, size: '1'});
        let changed = true;
        try {
            const {data} = await request('api/v1/jobs?' + q, {signal});
            changed = data.totalItems > 0;
        } catch (e) {
            if (e.status === 401 || e.name === 'AbortError') throw e;
        }
        if (changed) return full();
        for (const job of items) row(job);
    }

    let kick = null;
    function refreshNow() { if (kick) kick(); }
    function start() {
        const c = new AbortController();
        signal.addEventListener('abort', () => c.abort());
        kick = () => { c.abort(); start(); };
        poll(tick, 2000, c.signal, e => showError(e));
    }
    function showError(e) {
        summary.textContent = 'Cannot refresh: ' + e.message;
    }
    updateCompare();
    start();
}
