// One experiment: status and counts, the best trial, search charts, the leaderboard, history and a cancel button.
import {h, replace, fmt, duration, dateTime, age, setStatus, statusBadge, progressBar, updateProgress, table, card,
    empty, shortId, toast, FINAL, m as mm} from '../dom.js';
import {request, get, poll, enc, ApiError} from '../api.js';
import {lineChart, PALETTE} from '../chart.js';
import {parallelCoordinates, sweepChart, valueText} from '../search-charts.js';
import {pretty} from '../examples.js';
import {experimentName, progressOf} from './experiments.js';
import {leaderboard} from './leaderboard.js';
import {ACTIVE_TRIAL, modeOf, ownCurve, metricPoints, bestSoFar} from '../trials.js';

export function experimentView(root, {id}, signal) {
    const state = {exp: null, rows: [], curves: new Map(), drawn: null, cancelArmed: null};
    const title = h('h1', {class: 'job-title', id: 'experiment-name'}, 'Loading…');
    const badge = statusBadge(null);
    const cancelBtn = h('button', {class: 'btn danger', id: 'cancel-experiment', type: 'button', hidden: true,
        onclick: onCancel}, 'Cancel experiment');
    const editBtn = h('button', {class: 'btn', type: 'button', onclick: onEdit}, 'Edit as new');
    const message = h('p', {class: 'status-message', id: 'experiment-message'});
    const progress = progressBar(progressOf({status: 'RUNNING'}));
    const tiles = h('div', {class: 'tiles', id: 'experiment-counts'});
    const facts = h('div', {class: 'job-facts'});
    const bestHost = h('div', {id: 'best-trial'});
    const bestChart = h('div', {class: 'chart-host', id: 'best-chart'});
    const curvesChart = h('div', {class: 'chart-host', id: 'curves-chart'});
    const curvesTitle = h('h2', {class: 'card-title'}, 'Validation curves');
    const parallelChart = h('div', {class: 'chart-host', id: 'parallel-chart'});
    const sweepHost = h('div', {class: 'chart-host', id: 'sweep-chart'});
    const sweepTitle = h('h2', {class: 'card-title'}, 'Training and validation against the parameter');
    const sweepCard = h('section', {class: 'card', hidden: true}, sweepTitle, h('p', {class: 'muted small'},
        'Where training and validation are both poor the model under-fits; where training keeps improving while '
        + 'validation gets worse it over-fits; the sweet spot between is the best validation value.'), sweepHost);
    const curvesGrid = h('div', {class: 'grid'}, h('section', {class: 'card'}, curvesTitle, curvesChart), sweepCard);
    const board = leaderboard(() => refreshNow());
    const boardNote = h('span', {class: 'muted small'});
    const transitionHost = h('div', {id: 'experiment-transitions'});
    const specHost = h('pre', {class: 'code', id: 'experiment-spec'});
    const infoHost = h('div');

    replace(root,
        h('nav', {class: 'crumbs'}, h('a', {href: '#/experiments'}, 'Experiments'), h('span', null, '/'),
            h('span', {class: 'crumb-id'}, shortId(id))),
        h('div', {class: 'page-head'},
            h('div', {class: 'title-block'}, h('div', {class: 'title-row'}, title, badge),
                h('span', {class: 'muted mono small'}, id)),
            h('div', {class: 'toolbar'}, editBtn, cancelBtn)),
        h('section', {class: 'card'}, message, progress, tiles, facts),
        h('div', {class: 'grid side-right'},
            h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'Best objective so far'), bestChart),
            h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'Best trial'), bestHost)),
        h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'Parallel coordinates'), parallelChart),
        curvesGrid,
        h('section', {class: 'card'}, h('div', {class: 'card-head'}, h('h2', {class: 'card-title'}, 'Leaderboard'),
            boardNote), board.el),
        h('div', {class: 'grid two'},
            h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'History'), transitionHost),
            h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'Spec'), h('details', null,
                h('summary', null, 'The experiment as it runs, defaults filled in'), specHost))),
        infoHost);

    async function onCancel() {
        if (!state.cancelArmed) {
            cancelBtn.textContent = 'Confirm cancel';
            cancelBtn.classList.add('armed');
            state.cancelArmed = setTimeout(disarm, 4000);
            return;
        }
        disarm();
        cancelBtn.disabled = true;
        try {
            await request('api/v1/experiments/' + enc(id) + '/cancel', {method: 'POST', signal});
            toast('Cancel requested: no new trials; running ones stop.');
            refreshNow();
        } catch (e) {
            if (e.name !== 'AbortError') toast(e.message, 'error');
        } finally {
            cancelBtn.disabled = false;
        }
    }

    function disarm() {
        clearTimeout(state.cancelArmed);
        state.cancelArmed = null;
        cancelBtn.textContent = 'Cancel experiment';
        cancelBtn.classList.remove('armed');
    }

    function onEdit() {
        if (!state.exp || !state.exp.spec) return;
        sessionStorage.setItem('trainingService.draft', pretty(state.exp.spec));
        location.hash = '#/submit';
    }

    function tile(label, value, key) {
        return h('div', {class: 'tile', dataset: {count: key}}, h('div', {class: 'tile-label'}, label),
            h('div', {class: 'tile-value'}, value));
    }

    function renderExperiment(e) {
        title.textContent = experimentName(e);
        title.classList.toggle('untitled', !e.name);
        document.title = experimentName(e) + ' · Training service';
        setStatus(badge, e.status);
        cancelBtn.hidden = !(e.status === 'RUNNING' || e.status === 'CANCELLING');
        cancelBtn.disabled = e.status === 'CANCELLING';
        if (e.status === 'CANCELLING') cancelBtn.textContent = 'Cancelling…';
        else if (!state.cancelArmed) cancelBtn.textContent = 'Cancel experiment';
        message.textContent = e.statusMessage || '';
        message.className = 'status-message' + (e.status === 'FAILED' ? ' error' : '');
        message.hidden = !e.statusMessage;
        updateProgress(progress, progressOf(e));
        const c = e.counts || {}, p = e.progress || {};
        replace(tiles, tile('trials', (p.trials ?? 0) + ' / ' + (p.maxTrials ?? '?'), 'trials'),
            ['running', 'queued', 'paused', 'succeeded', 'pruned', 'failed', 'cancelled']
                .filter(k => c[k] > 0 || k === 'succeeded').map(k => tile(k, fmt(c[k] || 0), k)),
            tile('epochs trained', fmt(p.epochsUsed ?? 0), 'epochs'));
        const s = e.spec || {}, searcher = s.searcher || {};
        replace(facts, h('dl', {class: 'facts'}, [
            ['Searcher', e.searcher + (searcher.type === 'asha' ? ' (η ' + searcher.reductionFactor + ', first rung at '
                + searcher.minEpochs + (searcher.minEpochs === 1 ? ' epoch)' : ' epochs)') : '')],
            ['Objective', (e.objective || '—') + ' (' + modeOf(s, e.objective) + ')'],
            ['Concurrent trials', fmt(searcher.maxConcurrentTrials)], ['Seed', fmt(searcher.seed)],
            ['Created', h('span', {title: dateTime(e.createdAt)}, age(e.createdAt))],
            ['Finished', dateTime(e.finishedAt)],
            ['Running time', duration(((e.finishedAt ? Date.parse(e.finishedAt) : Date.now()) - Date.parse(e.createdAt)) / 1000)],
            ['Dataset', s.baseSpec?.dataset ? (s.baseSpec.dataset.builtin ? 'built-in ' + s.baseSpec.dataset.builtin
                : 'uploaded ' + shortId(s.baseSpec.dataset.id)) : '—'],
        ].map(([k, v]) => [h('dt', null, k), h('dd', null, v)])));
        renderBest(e);
        const t = e.transitions || [];
        replace(transitionHost, t.length ? h('ol', {class: 'timeline'}, t.map(x => h('li', null,
            h('div', {class: 'timeline-head'}, statusBadge(x.status), h('span', {class: 'muted small'}, dateTime(x.at))),
            x.message ? h('div', {class: 'timeline-msg'}, x.message) : null))) : empty('No transitions yet.'));
        specHost.textContent = e.spec ? pretty(e.spec) : '';
    }

    function renderBest(e) {
        const b = e.best;
        if (!b) { replace(bestHost, empty('No trial has reported yet.')); return; }
        const m = b.metrics || {};
        const keys = [...new Set([m.train, m.validation, m.test].filter(Boolean).flatMap(Object.keys))];
        replace(bestHost,
            h('div', {class: 'best-head'}, h('a', {class: 'best-link', href: '#/jobs/' + enc(b.jobId)}, 'Trial #' + b.trialNumber),
                h('span', {class: 'best-objective'}, (e.objective || 'objective') + ' ', h('b', null, fmt(b.objective)))),
            h('dl', {class: 'facts hyperparameters'}, Object.entries(b.hyperparameters || {}).map(([k, v]) =>
                [h('dt', {class: 'mono'}, k), h('dd', {class: 'mono'}, valueText(v))])),
            keys.length ? table(['Metric', 'Train', 'Validation', 'Test'], keys.map(k => ({cells: [k,
                mm(m.train?.[k]), mm(m.validation?.[k]), mm(m.test?.[k])]})), {id: 'best-metrics'}) : null);
    }

    function renderCharts(force) {
        const e = state.exp;
        if (!e) return;
        const mode = modeOf(e.spec, e.objective);
        const space = e.spec?.searchSpace || {};
        const params = Object.keys(space);
        sweepCard.hidden = params.length !== 1;
        curvesGrid.className = params.length === 1 ? 'grid two' : 'grid';
        const rows = state.rows;
        const stamp = JSON.stringify([rows, [...state.curves.values()].map(c => c.stamp), root.clientWidth]);
        if (!force && stamp === state.drawn) return;
        state.drawn = stamp;
        const {best, each} = bestSoFar(rows, state.curves, mode);
        replace(bestChart, lineChart({name: 'best-so-far', xLabel: 'trials finished', yLabel: e.objective, height: 240,
            width: bestChart.clientWidth, emptyText: 'The line starts when the first trial reports.',
            series: [{label: 'best so far', color: '#1d4ed8', points: best},
                {label: 'each trial', color: '#94a3b8', points: each, dotsOnly: true}]}));
        replace(parallelChart, parallelCoordinates({rows, space, objective: e.objective, mode,
            best: e.best?.trialNumber, width: parallelChart.clientWidth}));
        const series = [...rows].sort((a, b) => a.trialNumber - b.trialNumber)
            .filter(r => state.curves.get(r.trialNumber)?.points.length)
            .map(r => ({label: 'trial #' + r.trialNumber + (r.stopReason === 'pruned' ? ' (pruned)' : ''),
                color: PALETTE[r.trialNumber % PALETTE.length], faded: r.stopReason === 'pruned',
                points: state.curves.get(r.trialNumber).points}));
        curvesTitle.textContent = 'Validation curves: ' + e.objective + ' of every trial';
        replace(curvesChart, lineChart({name: 'trial-curves', series, yLabel: e.objective, height: 280,
            width: curvesChart.clientWidth, showLegend: series.length <= 12}),
        e.searcher === 'asha' ? h('p', {class: 'muted small'}, 'Pruned trials (stopped at a rung, never promoted) are faded.')
            : null);
        if (params.length === 1) {
            const family = String(e.objective || 'val_loss').replace(/^val_/, '');
            sweepTitle.textContent = 'Training and validation ' + family + ' against ' + params[0];
            replace(sweepHost, sweepChart({rows, param: params[0], space: space[params[0]], family, mode,
                width: sweepHost.clientWidth}));
        }
    }

    async function loadBoard(signal) {
        const {sort, order} = board.state;
        let rows = [], page = 0, pages = 1;
        while (page < pages) {
            const q = new URLSearchParams({sort, order, page: String(page), size: '200'});
            const data = await get('api/v1/experiments/' + enc(id) + '/trials?' + q, signal);
            rows = rows.concat(data.items || []);
            pages = data.totalPages || 0;
            page++;
        }
        state.rows = rows;
        const e = state.exp;
        board.render(rows, {params: Object.keys(e?.spec?.searchSpace || {}), objective: e?.objective || 'objective',
            mode: modeOf(e?.spec, e?.objective), asha: e?.searcher === 'asha'});
        boardNote.textContent = rows.length + (rows.length === 1 ? ' trial' : ' trials') + ' · click a column header to sort';
    }

    /** Each trial's objective history, fetched again only while it trains or when it reported since. */
    async function loadCurves(signal) {
        const metric = state.exp?.objective || 'val_loss';
        const due = state.rows.filter(r => {
            const stamp = r.status + '|' + r.epochsRun;
            const known = state.curves.get(r.trialNumber);
            return ACTIVE_TRIAL.has(r.status) || (r.status !== 'QUEUED' && (!known || known.stamp !== stamp));
        });
        for (let i = 0; i < due.length; i += 6) {
            await Promise.all(due.slice(i, i + 6).map(async r => {
                const curve = ownCurve(await metricPoints(r.jobId, metric, signal));
                const stamp = r.status + '|' + r.epochsRun + (ACTIVE_TRIAL.has(r.status) ? '|' + curve.points.length : '');
                state.curves.set(r.trialNumber, {...curve, stamp});
            }));
        }
        return due.length;
    }

    async function tick(mine) {
        state.exp = (await request('api/v1/experiments/' + enc(id), {signal: mine})).data;
        renderExperiment(state.exp);
        await loadBoard(mine);
        await loadCurves(mine);
        renderCharts(false);
        const settled = FINAL.has(state.exp.status) && state.rows.every(r => FINAL.has(r.status));
        return settled ? 0 : 2000;
    }

    // EventSource cannot send the Authorization header, so the page polls, as the job page does.
    let controller = null;
    function refreshNow() {
        if (controller) controller.abort();
        controller = new AbortController();
        signal.addEventListener('abort', () => controller.abort());
        const mine = controller.signal;
        poll(() => tick(mine), 2000, mine, e => {
            if (e instanceof ApiError && e.status === 404) {
                title.textContent = 'Experiment not found';
                replace(infoHost, card(null, empty('There is no experiment ' + id + ', or this key may not see it.')));
                return;
            }
            toast('Cannot refresh the experiment: ' + e.message, 'error');
        });
    }

    let resizeTimer = null;
    window.addEventListener('resize', () => {
        clearTimeout(resizeTimer);
        resizeTimer = setTimeout(() => renderCharts(true), 150);
    }, {signal});
    refreshNow();
}
