// The experiment list: status, searcher, trial counts, best objective, progress and age, refreshed while any runs.
import {h, replace, age, dateTime, fmt, setStatus, statusBadge, progressBar, updateProgress, empty, shortId,
    FINAL} from '../dom.js';
import {request, poll, enc} from '../api.js';

const PAGE_SIZE = 25;

/** The experiment's display name: its name, or a placeholder. Always text. */
export function experimentName(e) {
    return e.name && e.name.length ? e.name : 'untitled ' + shortId(e.id);
}

/** The experiment's progress in the shape the job progress bar reads. */
export function progressOf(e) {
    const p = e.progress || {};
    return {status: e.status, progress: {fraction: p.fraction,
        label: (p.trials ?? 0) + ' of ' + (p.maxTrials ?? '?') + ' trials', etaSeconds: p.etaSeconds}};
}

/** The counts worth a glance, as text: "2 running · 5 pruned · 1 failed". */
export function countsText(c) {
    if (!c) return '';
    return [['running', c.running], ['queued', c.queued], ['paused', c.paused], ['succeeded', c.succeeded],
        ['pruned', c.pruned], ['failed', c.failed], ['cancelled', c.cancelled]]
        .filter(([, n]) => n > 0).map(([k, n]) => n + ' ' + k).join(' · ');
}

export function experimentsView(root, params, signal) {
    let page = Number(params.page || 0);
    const rows = new Map();
    const tbody = h('tbody', {id: 'experiment-rows'});
    const tableEl = h('table', {class: 'data jobs-table', id: 'experiments-table'},
        h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Status'), h('th', null, 'Searcher'),
            h('th', null, 'Trials'), h('th', {class: 'num'}, 'Best objective'), h('th', {class: 'progress-col'}, 'Progress'),
            h('th', {class: 'num'}, 'Created'))),
        tbody);
    const emptyBox = h('div', {hidden: true});
    const pager = h('div', {class: 'pager'});
    const summary = h('span', {class: 'muted'});

    replace(root,
        h('div', {class: 'page-head'},
            h('div', null, h('h1', null, 'Experiments'), summary),
            h('div', {class: 'toolbar'}, h('a', {class: 'btn primary', href: '#/submit?example=asha-search'}, 'New experiment'))),
        h('section', {class: 'card flush'}, tableEl, emptyBox),
        pager);

    function row(e) {
        let r = rows.get(e.id);
        if (!r) {
            r = {link: h('a', {class: 'experiment-link job-link', href: '#/experiments/' + enc(e.id)}),
                badge: statusBadge(e.status), searcher: h('span', {class: 'tag'}), trials: h('div'),
                counts: h('div', {class: 'muted small'}), best: h('span', {class: 'metric-value'}),
                progress: progressBar(progressOf(e)), ageEl: h('span', {class: 'age'})};
            r.tr = h('tr', {dataset: {experimentId: e.id}, class: 'experiment-row'},
                h('td', {class: 'name-col'}, r.link, h('br'), h('span', {class: 'muted mono small'}, shortId(e.id))),
                h('td', null, r.badge), h('td', null, r.searcher), h('td', null, r.trials, r.counts),
                h('td', {class: 'num'}, r.best), h('td', {class: 'progress-col'}, r.progress),
                h('td', {class: 'num'}, r.ageEl));
            rows.set(e.id, r);
        }
        r.link.textContent = experimentName(e);
        r.link.classList.toggle('untitled', !e.name);
        setStatus(r.badge, e.status);
        r.searcher.textContent = e.searcher || '—';
        r.trials.textContent = (e.progress?.trials ?? 0) + ' / ' + (e.progress?.maxTrials ?? '?');
        r.counts.textContent = countsText(e.counts);
        r.best.textContent = e.best ? (e.objective || 'objective') + ' ' + fmt(e.best.objective) : '—';
        r.best.title = e.best ? 'trial #' + e.best.trialNumber : '';
        updateProgress(r.progress, progressOf(e));
        r.ageEl.textContent = age(e.createdAt);
        r.ageEl.title = 'created ' + dateTime(e.createdAt);
        r.tr.dataset.status = e.status;
        return r.tr;
    }

    async function tick(mine) {
        const q = new URLSearchParams({page: String(page), size: String(PAGE_SIZE)});
        const {data} = await request('api/v1/experiments?' + q, {signal: mine});
        const items = data.items || [];
        const seen = new Set(items.map(e => e.id));
        for (const id of [...rows.keys()]) if (!seen.has(id)) { rows.get(id).tr.remove(); rows.delete(id); }
        items.forEach((e, i) => {
            const tr = row(e);
            if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] || null);
        });
        const active = items.filter(e => !FINAL.has(e.status)).length;
        summary.textContent = data.totalItems + (data.totalItems === 1 ? ' experiment' : ' experiments')
            + (active ? ' · ' + active + ' running on this page' : '');
        tableEl.hidden = items.length === 0;
        emptyBox.hidden = items.length > 0;
        replace(emptyBox, items.length ? null : empty('No experiments yet. The Submit page has two to start from: '
            + 'an ASHA search and a one-parameter grid.'));
        replace(pager, data.totalPages > 1 ? [
            h('button', {class: 'btn small', type: 'button', disabled: page <= 0,
                onclick: () => { page--; kick(); }}, '‹ Newer'),
            h('span', {class: 'muted'}, 'Page ' + (page + 1) + ' of ' + data.totalPages),
            h('button', {class: 'btn small', type: 'button', disabled: page + 1 >= data.totalPages,
                onclick: () => { page++; kick(); }}, 'Older ›')] : null);
        return active ? 2000 : 10000;
    }

    let controller = null;
    function kick() {
        if (controller) controller.abort();
        controller = new AbortController();
        signal.addEventListener('abort', () => controller.abort());
        const mine = controller.signal;
        poll(() => tick(mine), 2000, mine, e => { summary.textContent = 'Cannot refresh: ' + e.message; });
    }
    kick();
}
