// An experiment's trials as the charts read them: the objective's direction, metric curves, the best so far.
import {get, enc} from './api.js';

export const ACTIVE_TRIAL = new Set(['RUNNING', 'CANCELLING']);

/** The metric's direction when the spec does not say: accuracy and R² up, the rest down (as the service decides). */
export function modeOf(spec, metric) {
    const m = spec && spec.objective && spec.objective.mode;
    return m ? String(m).toLowerCase() : /accuracy|r2$/.test(metric) ? 'max' : 'min';
}

/** A run's own points of one metric, or the mean per epoch over its folds or members (k-fold, ensembles). */
export function ownCurve(points) {
    const own = points.filter(p => p.fold == null && p.member == null);
    const use = own.length ? own : points;
    const byEpoch = new Map();
    for (const p of use) {
        const a = byEpoch.get(p.epoch) || [0, 0, p.timestamp];
        a[0] += p.value; a[1]++; a[2] = p.timestamp;
        byEpoch.set(p.epoch, a);
    }
    const pts = [...byEpoch.entries()].sort((a, b) => a[0] - b[0]);
    return {points: pts.map(([x, a]) => [x, a[0] / a[1]]), last: pts.length ? Date.parse(pts[pts.length - 1][1][2]) : null};
}

/** Every point of one metric of a job, following `next` to the last page. */
export async function metricPoints(jobId, name, signal) {
    let points = [], after = null;
    do {
        const q = new URLSearchParams({name, limit: '5000'});
        if (after) q.set('after', after);
        const page = await get('api/v1/jobs/' + enc(jobId) + '/metrics?' + q, signal);
        points = points.concat(page.points || []);
        after = page.next;
    } while (after);
    return points;
}

/**
 * [trials finished, best objective so far] and each trial's own objective, in the order trials last reported. A trial
 * counts once it finished or paused at a rung; a failed or cancelled one's partial objective does not.
 */
export function bestSoFar(rows, curves, mode) {
    const done = rows.filter(r => Number.isFinite(r.objective) && (r.status === 'SUCCEEDED' || r.status === 'PAUSED'))
        .map(r => ({r, at: curves.get(r.trialNumber)?.last ?? Infinity}))
        .sort((a, b) => a.at - b.at || a.r.trialNumber - b.r.trialNumber);
    const best = [], each = [];
    let b = null;
    done.forEach(({r}, i) => {
        if (b === null || (mode === 'max' ? r.objective > b : r.objective < b)) b = r.objective;
        best.push([i + 1, b]);
        each.push([i + 1, r.objective]);
    });
    return {best, each};
}
