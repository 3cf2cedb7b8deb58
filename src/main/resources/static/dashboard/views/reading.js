// What the job page says about a finished run beyond its numbers: the findings read from its curves, where they sit
// on the curves, which epoch the result's numbers are from, the baselines beside the model, and the learning curve
// over training-set size.
import {h, card, table, m as mm, pct} from '../dom.js';
import {lineChart, TRAIN_COLOR, VAL_COLOR} from '../chart.js';

export const FINDING = {
    overfitting_onset: {title: 'Overfitting from here', short: 'overfitting starts', tone: 'warn'},
    undertrained: {title: 'Stopped while still improving', short: 'still improving', tone: 'warn'},
    underfitting: {title: 'Underfitting', short: 'underfitting', tone: 'warn'},
    unstable: {title: 'Unstable training', short: 'unstable', tone: 'warn'},
    good_fit: {title: 'Good fit', short: 'good fit', tone: 'good'},
};

const VERDICT = {
    more_data: 'More data would still help',
    more_capacity: 'Converged with the data: more capacity (or features) may help, more rows will not',
    neither: 'Neither more data nor more capacity is the obvious next step',
};

/** The findings, most important first, each with its epoch, its evidence and what to try. */
export function findingsList(result) {
    const findings = result && result.findings;
    if (!findings || !findings.length) return null;
    return h('ol', {class: 'findings', id: 'findings'}, findings.map(f => {
        const d = FINDING[f.kind] || {title: f.kind, tone: 'neutral'};
        return h('li', {class: 'finding ' + d.tone, dataset: {kind: f.kind, epoch: f.epoch}},
            h('div', {class: 'finding-head'}, h('span', {class: 'finding-title'}, d.title),
                f.epoch ? h('span', {class: 'tag'}, 'epoch ' + f.epoch) : null),
            h('p', {class: 'finding-evidence'}, f.evidence),
            h('p', {class: 'finding-advice'}, h('b', null, 'Try: '), f.advice));
    }));
}

/**
 * Where the findings sit on the job's own curves, with the best epoch; findings at the same epoch share one line.
 */
export function curveMarkers(result) {
    if (!result) return [];
    const byEpoch = new Map();
    const add = (x, label, kind) => {
        const one = byEpoch.get(x) || {x, labels: [], kinds: []};
        one.labels.push(label);
        one.kinds.push(kind);
        byEpoch.set(x, one);
    };
    if (result.bestEpoch) add(result.bestEpoch, 'best epoch', 'best');
    for (const f of result.findings || []) {
        if (f.epoch && f.kind !== 'good_fit') add(f.epoch, (FINDING[f.kind] || {short: f.kind}).short, f.kind);
    }
    return [...byEpoch.values()].map(x => ({x: x.x, label: x.labels.join(' · '), kind: x.kinds.join(' ')}));
}

/** Which epoch the result's metrics are from: the restored best one, the last one, or what k-fold and ensembles keep. */
export function resultEpochNote(job) {
    const r = job.result;
    if (r.crossValidation) {
        return 'Train and test: the refit on all non-test rows, last epoch ' + r.epochsRun
            + '; validation: the folds’ mean. The test split was never used for early stopping or model selection.';
    }
    if (r.ensemble) {
        return 'The ensemble of ' + r.ensemble.members.length + ' members, each at its own '
            + (restores(job) ? 'best (restored) epoch' : 'last epoch')
            + '. The test split was never used for early stopping or model selection.';
    }
    const restored = restores(job) && r.bestEpoch !== r.epochsRun;
    const which = restored ? 'Best epoch ' + r.bestEpoch + ' (restored)'
        : 'Last epoch ' + r.epochsRun + (r.bestEpoch && r.bestEpoch !== r.epochsRun
            ? ' (the best validation epoch was ' + r.bestEpoch + '; nothing restored it)' : '');
    return which + '. The test split was never used for early stopping or model selection.';
}

function restores(job) {
    const es = job.spec && job.spec.regularization && job.spec.regularization.earlyStopping;
    return !!(es && es.restoreBest !== false);
}

/** The model's score beside what the trivial predictor and k-nearest neighbours reach on the same splits. */
export function baselinesTable(result) {
    const b = result && result.baselines;
    if (!b || !b.splits) return null;
    const classification = !!b.majorityClass;
    const keys = classification ? ['accuracy'] : ['r2', 'rmse'];
    const splits = ['train', 'validation', 'test'].filter(x => result.metrics && result.metrics[x]);
    const name = {accuracy: 'accuracy', r2: 'R²', rmse: 'RMSE'};
    const headers = ['Predictor', ...keys.flatMap(k => splits.map(x => x + ' ' + name[k]))];
    const row = (label, pick, props) => ({props, cells: [label, ...keys.flatMap(k => splits.map(x => {
        const v = pick(x);
        return v && v[k] !== undefined ? mm(v[k]) : '';
    }))]});
    return h('div', {class: 'stack'},
        h('h3', {class: 'subtitle'}, 'Against baselines'),
        table(headers, [
            row('this model', x => result.metrics[x], {class: 'summary-row', dataset: {predictor: 'model'}}),
            row(classification ? 'always the majority class' : 'always the training mean',
                x => b.splits[x] && (b.splits[x].majorityClass || b.splits[x].trainingMean),
                {dataset: {predictor: 'trivial'}}),
            row(b.k + '-nearest neighbours', x => b.splits[x] && b.splits[x].nearestNeighbours,
                {dataset: {predictor: 'nearest-neighbours'}}),
        ], {id: 'baselines-table'}),
        h('p', {class: 'muted small'}, 'The same splits and preprocessing as the model; neighbours among '
            + b.referenceRows.toLocaleString('en-US') + ' training rows, k chosen on the validation split '
            + '(so its validation score is a little optimistic; the test score is not).'));
}

/** The learning curve over training-set size: training and validation score against training rows, and the verdict. */
export function learningCurveCard(result, width) {
    const lc = result && result.learningCurve;
    if (!lc || !lc.points || !lc.points.length) return null;
    const metric = lc.metric || 'accuracy';
    const label = metric === 'r2' ? 'R²' : metric;
    const pointsOf = split => lc.points.map(p => [p.trainRows, p[split] ? p[split][metric] : NaN]);
    const std = (p, split) => p[split + 'Std'] && lc.repeats > 1 ? ' ± ' + Number(p[split + 'Std'][metric].toPrecision(2)) : '';
    const value = v => metric === 'accuracy' ? pct(v) : Number(v.toPrecision(4));
    return card('Learning curve over training-set size',
        h('p', {class: 'verdict ' + lc.verdict, id: 'learning-curve-verdict', dataset: {verdict: lc.verdict}},
            h('b', null, VERDICT[lc.verdict] || lc.verdict), h('br'), lc.verdictDetail),
        h('div', {class: 'chart-host', id: 'learning-curve-chart'}, lineChart({
            series: [{label: 'training', color: TRAIN_COLOR, points: pointsOf('train')},
                {label: 'validation', color: VAL_COLOR, points: pointsOf('validation')}],
            name: 'learning-curve', xLabel: 'training rows', yLabel: label, width})),
        table(['Share', 'Training rows', 'Training ' + label, 'Validation ' + label], lc.points.map(p => ({cells: [
            pct(p.fraction), p.trainRows, value(p.train[metric]) + std(p, 'train'),
            value(p.validation[metric]) + std(p, 'validation')]})), {id: 'learning-curve-table'}),
        h('p', {class: 'muted small'}, 'Each share is a stratified sample of the training split, trained with the '
            + 'job’s spec for its epochs' + (lc.repeats > 1 ? ', ' + lc.repeats + ' times (mean ± std)' : '')
            + ' and validated on the job’s validation split.'));
}
