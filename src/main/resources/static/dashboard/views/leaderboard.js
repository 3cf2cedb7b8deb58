// An experiment's leaderboard: one row per trial, sorted by the service (objective or trial number) on a header click.
import {h, replace, fmt, statusBadge, empty} from '../dom.js';
import {enc} from '../api.js';
import {valueText} from '../search-charts.js';

const DIAGNOSIS = {good_fit: 'good fit', overfitting: 'overfitting', underfitting: 'underfitting'};

/**
 * The table and its sort state. onSort(sort, order) is called with the API's parameters: sort objective with order
 * best (the default) or its reverse, sort trialNumber with asc or desc.
 */
export function leaderboard(onSort) {
    const state = {sort: 'objective', order: 'best', mode: 'min'};
    const host = h('div', {class: 'leaderboard-host'});

    function worst() {
        return state.mode === 'max' ? 'asc' : 'desc';
    }

    function click(column) {
        if (column === 'objective') {
            state.order = state.sort === 'objective' && state.order === 'best' ? worst() : 'best';
        } else {
            state.order = state.sort === 'trialNumber' && state.order === 'asc' ? 'desc' : 'asc';
        }
        state.sort = column;
        onSort(state.sort, state.order);
    }

    /** Whether the column is sorted ascending, descending or not at all, as aria-sort says it. */
    function direction(column) {
        if (state.sort !== column) return 'none';
        const order = state.order === 'best' ? (state.mode === 'max' ? 'desc' : 'asc') : state.order;
        return order === 'asc' ? 'ascending' : 'descending';
    }

    function header(column, text) {
        const dir = direction(column);
        return h('th', {class: 'num sortable', 'aria-sort': dir, dataset: {sort: column}},
            h('button', {type: 'button', class: 'sort-button', onclick: () => click(column),
                title: column === 'objective' ? 'sort by the objective (best first, then worst first)'
                    : 'sort by trial number'},
            text, h('span', {class: 'sort-mark'}, dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕')));
    }

    function render(rows, {params, objective, mode, asha}) {
        state.mode = mode || 'min';
        if (!rows.length) {
            replace(host, empty('No trials yet: the first ones start within a second of submission.'));
            return;
        }
        replace(host, h('div', {class: 'table-scroll'}, h('table', {class: 'data leaderboard', id: 'leaderboard'},
            h('thead', null, h('tr', null, header('trialNumber', 'Trial'), h('th', null, 'Status'),
                header('objective', objective), params.map(p => h('th', {class: 'param-col', title: p}, p)),
                h('th', {class: 'num'}, 'Epochs'), h('th', {class: 'num'}, 'Best epoch'),
                asha ? h('th', {class: 'num'}, 'Rung') : null,
                h('th', {class: 'num', title: 'validation loss − training loss'}, 'Gap'), h('th', null, 'Diagnosis'))),
            h('tbody', null, rows.map(r => h('tr', {class: 'trial-row' + (r.stopReason === 'pruned' ? ' pruned' : ''),
                dataset: {trial: r.trialNumber, jobId: r.jobId, status: r.status}},
            h('td', {class: 'num'}, h('a', {class: 'trial-link', href: '#/jobs/' + enc(r.jobId),
                title: 'open the trial\'s job'}, '#' + r.trialNumber)),
            h('td', null, statusBadge(r.status), r.status === 'SUCCEEDED' && r.stopReason && r.stopReason !== 'completed'
                ? h('span', {class: 'tag stop-reason'}, r.stopReason.replace('_', ' ')) : null),
            h('td', {class: 'num objective-cell'}, fmt(r.objective)),
            params.map(p => h('td', {class: 'param-col mono small'}, valueText(r.hyperparameters?.[p]))),
            h('td', {class: 'num'}, fmt(r.epochsRun)), h('td', {class: 'num'}, fmt(r.bestEpoch)),
            asha ? h('td', {class: 'num'}, fmt(r.rung)) : null,
            h('td', {class: 'num'}, fmt(r.generalizationGap)),
            h('td', null, r.diagnosis ? DIAGNOSIS[r.diagnosis] || r.diagnosis : '—')))))));
    }

    return {el: host, render, state};
}
