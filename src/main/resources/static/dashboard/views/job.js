// One job: learning curves, diagnosis, result tables, checkpoints, transitions, and a cancel button.
import {h, replace, fmt, pct, bytes, duration, dateTime, age, setStatus, statusBadge, progressBar,
    updateProgress, table, card, empty, jobName, shortId, toast, FINAL, m as mm, metric} from '../dom.js';
import {request, poll, enc, allMetrics, checkpoints, ApiError} from '../api.js';
import {lineChart, groupRuns, families, FAMILY_LABEL, TRAIN_COLOR, VAL_COLOR, PALETTE} from '../chart.js';
import {pretty} from '../examples.js';
import {findingsList, curveMarkers, resultEpochNote, baselinesTable, learningCurveCard} from './reading.js';

const DIAGNOSIS = {
    good_fit: {title: 'Good fit', tone: 'good',
        summary: 'Training and validation agree: the model learned the pattern without memorising the training set.'},
    overfitting: {title: 'Overfitting', tone: 'warn',
        summary: 'The model does much better on the data it trained on than on data it has not seen.'},
    underfitting: {title: 'Underfitting', tone: 'warn',
        summary: 'The model does poorly even on its own training data: it has not captured the pattern.'},
};
const METRIC_ORDER = ['loss', 'accuracy', 'rmse', 'mae', 'r2'];
const AXIS_LABEL = f => f === 'accuracy' ? 'accuracy' : FAMILY_LABEL[f] || f;

function metricKeys(...maps) {
    const keys = new Set(maps.filter(Boolean).flatMap(m => Object.keys(m)));
    return [...keys].sort((a, b) => {
        const ia = METRIC_ORDER.indexOf(a), ib = METRIC_ORDER.indexOf(b);
        return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    });
}

function label(key) {
    return {loss: 'Loss', accuracy: 'Accuracy', rmse: 'RMSE', mae: 'MAE', r2: 'R²'}[key] || key;
}

function keyValues(pairs) {
    return h('dl', {class: 'facts'}, pairs.filter(p => p).map(([k, v]) =>
        [h('dt', null, k), h('dd', null, v instanceof Node ? v : fmt(v))]));
}

function metricRank(name) {
    const [split, ...rest] = name.split('_');
    const fam = rest.join('_');
    const i = METRIC_ORDER.indexOf(fam);
    return (split === 'val' ? 0 : split === 'train' ? 1 : 2) * 100 + (i < 0 ? 99 : i);
}

/** The latest value of each metric as tiles, validation first. */
function metricTiles(m, result) {
    const primary = ['accuracy', 'r2', 'rmse', 'mae'].find(f => ('val_' + f) in m || ('train_' + f) in m);
    const names = Object.keys(m).filter(n => /^(val|train)_/.test(n) ? n.endsWith('_loss') || n.endsWith('_' + primary) : true)
        .sort((a, b) => metricRank(a) - metricRank(b) || a.localeCompare(b));
    if (!names.length) return [];
    return names.map(name => {
        const [split, ...rest] = name.split('_');
        const fam = rest.join('_');
        return h('div', {class: 'tile', dataset: {metric: name}},
            h('div', {class: 'tile-label'}, (split === 'val' ? 'validation ' : split === 'train' ? 'training ' : split + ' ')
                + (label(fam) === fam ? fam : label(fam).toLowerCase())),
            h('div', {class: 'tile-value'}, fam === 'accuracy' ? pct(m[name]) : metric(m[name])));
    }).concat(result ? [h('div', {class: 'tile'}, h('div', {class: 'tile-label'}, 'best epoch'),
        h('div', {class: 'tile-value'}, String(result.bestEpoch)))] : []);
}

export function jobView(root, {id}, signal) {
    const state = {etag: null, job: null, runs: [], run: null, pinned: false, family: null, cancelArmed: null,
        lastCheckpoints: 0, checkpointsFor: null};

    const title = h('h1', {class: 'job-title', id: 'job-name'}, 'Loading…');
    const badge = statusBadge(null);
    const idLine = h('span', {class: 'muted mono small', id: 'job-id'}, id);
    const cancelBtn = h('button', {class: 'btn danger', id: 'cancel-job', type: 'button', hidden: true, onclick: onCancel},
        'Cancel job');
    const compareLink = h('a', {class: 'btn', href: '#/compare?ids=' + enc(id)}, 'Compare…');
    const editBtn = h('button', {class: 'btn', type: 'button', onclick: onEdit}, 'Edit as new');
    const message = h('p', {class: 'status-message', id: 'status-message'});
    const progress = progressBar({status: 'QUEUED', progress: {}});
    const facts = h('div', {class: 'job-facts'});
    const tiles = h('div', {class: 'tiles', id: 'latest-metrics'});

    const runSelect = h('select', {id: 'run-select', 'aria-label': 'sub-run', hidden: true,
        onchange: () => { state.run = runSelect.value; state.pinned = true; renderCharts(); }});
    const familySelect = h('select', {id: 'metric-family', 'aria-label': 'metric', hidden: true,
        onchange: () => { state.family = familySelect.value; renderCharts(); }});
    const lossHost = h('div', {class: 'chart-host', id: 'loss-chart'});
    const otherHost = h('div', {class: 'chart-host', id: 'metric-chart'});
    const otherTitle = h('h2', {class: 'card-title'}, 'Accuracy');
    const diagnosisHost = h('div', {id: 'diagnosis'});
    const resultHost = h('div', {class: 'stack', id: 'results'});
    const checkpointHost = h('div', {id: 'checkpoints'});
    const transitionHost = h('div', {id: 'transitions'});
    const specHost = h('pre', {class: 'code', id: 'spec'});
    const infoHost = h('div');

    replace(root,
        h('nav', {class: 'crumbs'}, h('a', {href: '#/jobs'}, 'Jobs'), h('span', null, '/'), h('span', {class: 'crumb-id'}, shortId(id))),
        h('div', {class: 'page-head'},
            h('div', {class: 'title-block'}, h('div', {class: 'title-row'}, title, badge), idLine),
            h('div', {class: 'toolbar'}, compareLink, editBtn, cancelBtn)),
        h('section', {class: 'card'}, message, progress, tiles, facts),
        h('div', {class: 'chart-toolbar'}, h('span', {class: 'muted'}, 'Learning curves'), runSelect),
        h('div', {class: 'grid two'},
            h('section', {class: 'card'}, h('div', {class: 'card-head'}, h('h2', {class: 'card-title'}, 'Loss')), lossHost),
            h('section', {class: 'card'}, h('div', {class: 'card-head'}, otherTitle, familySelect), otherHost)),
        h('div', {class: 'grid two'},
            h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'Fit diagnosis'), diagnosisHost),
            h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'Checkpoints'), checkpointHost)),
        resultHost,
        h('div', {class: 'grid two'},
            h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'History'), transitionHost),
            h('section', {class: 'card'}, h('h2', {class: 'card-title'}, 'Spec'), h('details', null,
                h('summary', null, 'The spec as it runs, with every default filled in'), specHost))),
        infoHost);

    // ---- actions ----------------------------------------------------------------------------------------------
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
            await request('api/v1/jobs/' + enc(id) + '/cancel', {method: 'POST', signal});
            toast('Cancel requested.');
            state.etag = null;
        } catch (e) {
            if (e.name !== 'AbortError') toast(e.message, 'error');
        } finally {
            cancelBtn.disabled = false;
        }
    }

    function disarm() {
        clearTimeout(state.cancelArmed);
        state.cancelArmed = null;
        cancelBtn.textContent = 'Cancel job';
        cancelBtn.classList.remove('armed');
    }

    function onEdit() {
        if (!state.job || !state.job.spec) return;
        sessionStorage.setItem('trainingService.draft', pretty(state.job.spec));
        location.hash = '#/submit';
    }

    // ---- rendering ----------------------------------------------------------------------------------------------
    function renderJob(job) {
        title.textContent = jobName(job);
        title.classList.toggle('untitled', !job.name);
        document.title = jobName(job) + ' · Training service';
        setStatus(badge, job.status);
        const active = job.status === 'QUEUED' || job.status === 'RUNNING';
        cancelBtn.hidden = !(active || job.status === 'CANCELLING');
        cancelBtn.disabled = job.status === 'CANCELLING';
        if (job.status === 'CANCELLING') cancelBtn.textContent = 'Cancelling…';
        else if (!state.cancelArmed) cancelBtn.textContent = 'Cancel job';
        message.textContent = job.statusMessage || '';
        message.className = 'status-message' + (job.status === 'FAILED' ? ' error' : '');
        message.hidden = !job.statusMessage;
        updateProgress(progress, job);
        const m = job.metrics || {};
        replace(facts, keyValues([
            ['Created', h('span', {title: dateTime(job.createdAt)}, age(job.createdAt))],
            ['Started', dateTime(job.startedAt)],
            job.finishedAt ? ['Finished', dateTime(job.finishedAt)] : null,
            job.startedAt ? ['Running time', duration(((job.finishedAt ? Date.parse(job.finishedAt) : Date.now())
                - Date.parse(job.startedAt)) / 1000)] : null,
            ['Attempt', job.attempt],
            ['Node', job.node || '—'],
            ['Device', job.device || '—'],
            ['Dataset', job.spec && job.spec.dataset
                ? (job.spec.dataset.builtin ? 'built-in ' + job.spec.dataset.builtin : 'uploaded ' + shortId(job.spec.dataset.id))
                : '—'],
        ]));
        replace(tiles, metricTiles(m, job.result));
        renderDiagnosis(job);
        renderResult(job);
        renderTransitions(job);
        specHost.textContent = job.spec ? pretty(job.spec) : '';
    }

    function renderDiagnosis(job) {
        const r = job.result;
        if (!r || !r.diagnosis) {
            const text = job.status === 'FAILED' ? 'The job failed, so there is no diagnosis: ' + (job.statusMessage || '')
                : job.status === 'CANCELLED' ? 'The job was cancelled before it finished; there is no diagnosis.'
                : 'The diagnosis is given when the job finishes. Meanwhile, watch the gap between the training and '
                + 'validation curves: a validation loss that rises while the training loss falls is overfitting.';
            replace(diagnosisHost, h('p', {class: 'muted'}, text));
            return;
        }
        const d = DIAGNOSIS[r.diagnosis] || {title: r.diagnosis, tone: 'neutral', summary: ''};
        replace(diagnosisHost,
            h('div', {class: 'diagnosis ' + d.tone, dataset: {diagnosis: r.diagnosis}},
                h('div', {class: 'diagnosis-title'}, d.title),
                h('p', null, d.summary),
                // the detail is the first finding's sentence: with the findings listed below, it would say it twice
                r.diagnosisDetail && !(r.findings && r.findings.length)
                    ? h('p', {class: 'diagnosis-detail'}, r.diagnosisDetail) : null),
            findingsList(r),
            keyValues([
                ['Best epoch', r.bestEpoch + ' of ' + r.epochsRun + ' run'],
                ['Stopped early', r.stoppedEarly ? 'yes' : 'no'],
                ['Generalization gap', h('span', {title: 'validation loss − training loss'}, fmt(r.generalizationGap))],
                r.accuracyGap !== null && r.accuracyGap !== undefined
                    ? ['Accuracy gap', h('span', {title: 'training accuracy − validation accuracy'}, pct(r.accuracyGap))]
                    : null,
            ]));
    }

    function renderResult(job) {
        const r = job.result;
        if (!r) { replace(resultHost); return; }
        const blocks = [];
        const m = r.metrics || {};
        const keys = metricKeys(m.train, m.validation, m.test);
        blocks.push(card('Result', h('p', {class: 'muted', id: 'result-epoch'}, resultEpochNote(job)),
        table(['Metric', 'Train', 'Validation', 'Test'], keys.map(k => ({cells: [label(k),
            mm(m.train?.[k]), mm(m.validation?.[k]), mm(m.test?.[k])]})), {id: 'result-metrics'}),
        baselinesTable(r)));
        const curve = learningCurveCard(r, Math.min(resultHost.clientWidth || 900, 900));
        if (curve) blocks.push(curve);

        const cv = r.crossValidation;
        if (cv && cv.folds) {
            const ck = metricKeys(...cv.folds.map(f => f.metrics), cv.mean);
            blocks.push(card('Cross-validation: ' + cv.folds.length + ' folds',
                table(['Fold', ...ck.map(label), 'Best epoch', 'Epochs'], [
                    ...cv.folds.map(f => ({cells: ['fold ' + f.fold, ...ck.map(k => mm(f.metrics?.[k])), f.bestEpoch, f.epochsRun]})),
                    {props: {class: 'summary-row'}, cells: ['mean', ...ck.map(k => mm(cv.mean?.[k])), '', '']},
                    {props: {class: 'summary-row'}, cells: ['std', ...ck.map(k => mm(cv.std?.[k])), '', '']},
                ], {id: 'folds-table'}),
                h('p', {class: 'muted'}, 'Each fold is validated on its own part. The model kept is a refit on all '
                    + 'non-test rows for ' + cv.refitEpochs + ' epochs; its test metrics are in the result above.')));
        }

        const en = r.ensemble;
        if (en && en.members) {
            const ek = metricKeys(...en.members.map(x => x.metrics), en.metrics);
            const hasError = en.members.some(x => x.error !== undefined && x.error !== null);
            const hasStaged = en.members.some(x => x.staged);
            const stagedKey = hasStaged ? metricKeys(...en.members.map(x => x.staged)).find(k => k !== 'loss') || 'loss' : null;
            const rows = en.members.map(x => ({cells: ['member ' + x.member, x.weight,
                ...(hasError ? [mm(x.error)] : []), ...ek.map(k => mm(x.metrics?.[k])),
                ...(hasStaged ? [mm(x.staged?.[stagedKey])] : [])]}));
            rows.push({props: {class: 'summary-row'}, cells: ['ensemble', '', ...(hasError ? [''] : []),
                ...ek.map(k => mm(en.metrics?.[k])), ...(hasStaged ? [''] : [])]});
            if (en.outOfBag) {
                rows.push({props: {class: 'summary-row'}, cells: ['out-of-bag', '', ...(hasError ? [''] : []),
                    ...ek.map(k => mm(en.outOfBag[k])), ...(hasStaged ? [''] : [])]});
            }
            blocks.push(card('Ensemble: ' + en.method + ', ' + en.members.length + ' members',
                table(['Member', 'Weight', ...(hasError ? ['Weighted error'] : []), ...ek.map(k => 'Test ' + label(k)),
                    ...(hasStaged ? ['Ensemble ' + label(stagedKey) + ' so far'] : [])], rows, {id: 'ensemble-table'}),
                en.outOfBag && en.outOfBag.coverage !== undefined ? h('p', {class: 'muted'}, 'Out-of-bag: each training '
                    + 'row scored by the members that never saw it (coverage ' + pct(en.outOfBag.coverage) + ').') : null));
        }

        const bv = r.biasVariance;
        if (bv) {
            const parts = bv.netVariance !== undefined && bv.netVariance !== null
                ? [['bias²', bv.bias2, '#2563eb'], ['net variance', bv.netVariance, '#ea580c']]
                : [['bias²', bv.bias2, '#2563eb'], ['variance', bv.variance, '#ea580c'], ['noise', bv.noise, '#94a3b8']];
            const total = parts.reduce((a, p) => a + Math.max(0, p[1]), 0);
            const bar = parts.every(p => p[1] >= 0) && total > 0 ? h('div', {class: 'stacked'},
                parts.map(p => h('span', {style: {width: (p[1] / total * 100) + '%', background: p[2]},
                    title: p[0] + ' ' + fmt(p[1])}))) : null;
            blocks.push(card('Bias–variance decomposition',
                h('p', {class: 'muted'}, bv.rounds + ' bootstrap rounds, ' + bv.loss + ' loss.'),
                bar,
                bar ? h('div', {class: 'legend'}, parts.map(p => h('span', {class: 'legend-item'},
                    h('i', {style: {background: p[2]}}), h('span', null, p[0])))) : null,
                table(['Term', 'Value'], [
                    {cells: ['bias²', bv.bias2]},
                    {cells: ['variance', bv.variance]},
                    ...(bv.netVariance !== undefined && bv.netVariance !== null ? [{cells: ['net variance', bv.netVariance]}] : []),
                    {cells: ['noise' + (bv.noiseSource ? ' (' + bv.noiseSource + ')' : ''), bv.noise]},
                    {props: {class: 'summary-row'}, cells: ['expected loss', bv.expectedLoss]},
                ], {id: 'bias-variance-table'})));
        }
        replace(resultHost, blocks);
    }

    function renderTransitions(job) {
        const t = job.transitions || [];
        replace(transitionHost, t.length ? h('ol', {class: 'timeline'}, t.map(x => h('li', null,
            h('div', {class: 'timeline-head'}, statusBadge(x.status), h('span', {class: 'muted small'}, dateTime(x.at)),
                x.node ? h('span', {class: 'muted small'}, 'on ' + x.node) : null),
            x.message ? h('div', {class: 'timeline-msg'}, x.message) : null))) : empty('No transitions yet.'));
    }

    function renderCharts() {
        const runs = state.runs;
        const multi = runs.length > 1;
        const withVal = runs.filter(r => Object.keys(r.metrics).some(n => n.startsWith('val_')));
        const finished = state.job && FINAL.has(state.job.status);
        // follow the newest sub-run while the job runs; once it is done, show every sub-run's validation curve
        if (!state.pinned || (state.run !== '*' && !runs.some(r => r.key === state.run))) {
            state.run = finished && withVal.length > 1 ? '*' : runs.length ? runs[runs.length - 1].key : null;
        }
        replace(runSelect, [
            multi && withVal.length > 1 ? h('option', {value: '*', selected: state.run === '*'}, 'all sub-runs (validation)') : null,
            runs.map(r => h('option', {value: r.key, selected: r.key === state.run},
                r.key === 'run' ? (multi ? 'the job’s own run' : 'run') : r.label))]);
        runSelect.hidden = !multi;
        const all = state.run === '*';
        const run = runs.find(r => r.key === state.run) || {metrics: {}};
        const fams = families(all ? withVal : [run]).length ? families(all ? withVal : [run]) : families(runs);
        if (!fams.includes(state.family)) state.family = fams[0] || 'accuracy';
        replace(familySelect, fams.map(f => h('option', {value: f, selected: f === state.family}, FAMILY_LABEL[f])));
        familySelect.hidden = fams.length <= 1;
        otherTitle.textContent = FAMILY_LABEL[state.family] || 'Accuracy';
        const r = state.job && state.job.result;
        const markers = r && !all && (!multi || state.run === 'run') ? curveMarkers(r) : [];
        const series = fam => all
            ? withVal.map((x, i) => ({label: x.label, color: PALETTE[i % PALETTE.length], points: x.metrics['val_' + fam] || []}))
            : [{label: 'training', color: TRAIN_COLOR, points: run.metrics['train_' + fam] || []},
                {label: 'validation', color: VAL_COLOR, points: run.metrics['val_' + fam] || []}];
        const prefix = all ? 'validation ' : '';
        replace(lossHost, lineChart({series: series('loss'), name: 'loss', yLabel: prefix + 'loss', markers,
            width: lossHost.clientWidth}));
        replace(otherHost, lineChart({series: series(state.family), name: state.family,
            yLabel: prefix + AXIS_LABEL(state.family), markers, width: otherHost.clientWidth}));
    }

    let resizeTimer = null;
    window.addEventListener('resize', () => {
        clearTimeout(resizeTimer);
        resizeTimer = setTimeout(() => { if (state.job) renderCharts(); }, 150);
    }, {signal});

    async function renderCheckpoints() {
        state.lastCheckpoints = Date.now();
        const list = await checkpoints(id, signal);
        if (list === null || list.length === 0) {
            replace(checkpointHost, empty('No checkpoints.'));
            return;
        }
        replace(checkpointHost, table(['Epoch', 'Metric', 'Size', 'Created', ''], list.map(c => ({cells: [
            c.epoch,
            typeof c.metric === 'object' && c.metric !== null
                ? Object.entries(c.metric).map(([k, v]) => k + ' ' + fmt(v)).join(', ') : c.metric,
            bytes(c.sizeBytes),
            h('span', {title: dateTime(c.createdAt)}, age(c.createdAt)),
            h('button', {class: 'btn small', type: 'button', onclick: () => download(c)}, 'Download')]})),
        {id: 'checkpoint-table'}));
    }

    async function download(c) {
        try {
            const {data} = await request('api/v1/jobs/' + enc(id) + '/checkpoints/' + enc(c.id) + '/content', {blob: true});
            const url = URL.createObjectURL(data);
            const a = h('a', {href: url, download: 'checkpoint-' + shortId(id) + '-epoch' + c.epoch + '.bin'});
            document.body.appendChild(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10000);
        } catch (e) {
            toast(e.message, 'error');
        }
    }

    // ---- polling: the job with If-None-Match every second; curves only when it changed -----------------------------
    async function tick() {
        const r = await request('api/v1/jobs/' + enc(id), {etag: state.etag, signal});
        const job = state.job;
        if (r.status === 200) {
            state.etag = r.etag;
            state.job = r.data;
            renderJob(r.data);
            state.runs = groupRuns(await allMetrics(id, signal));
            renderCharts();
        }
        const finished = state.job && FINAL.has(state.job.status);
        if (r.status === 200 || Date.now() - state.lastCheckpoints > 10000) {
            if (!finished || state.checkpointsFor !== state.job.status) {
                state.checkpointsFor = finished ? state.job.status : null;
                await renderCheckpoints().catch(e => { if (e.name !== 'AbortError') replace(checkpointHost, empty(e.message)); });
            }
        }
        if (job === null && state.job === null) return 1000;
        return finished ? 5000 : 1000;
    }

    poll(tick, 1000, signal, e => {
        if (e instanceof ApiError && e.status === 404) {
            title.textContent = 'Job not found';
            replace(infoHost, card(null, empty('There is no job ' + id + ', or this key may not see it.')));
            return;
        }
        toast('Cannot refresh the job: ' + e.message, 'error');
    });
}
