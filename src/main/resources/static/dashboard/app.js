// The dashboard: a hash router over its views, and the API key kept for the browser session.
import {session, onUnauthorized, request, ApiError} from './api.js';
import {jobsView} from './views/jobs.js';
import {jobView} from './views/job.js';
import {compareView} from './views/compare.js';
import {submitView} from './views/submit.js';
import {experimentsView} from './views/experiments.js';
import {experimentView} from './views/experiment.js';
import {replace, card, empty} from './dom.js';

// Script errors are kept where a person (or the browser test) can read them.
window.dashboardErrors = [];
window.addEventListener('error', e => window.dashboardErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => {
    if (e.reason && e.reason.name === 'AbortError') return;
    window.dashboardErrors.push(String(e.reason && e.reason.message || e.reason));
});

const view = document.getElementById('view');
const overlay = document.getElementById('key-overlay');
const keyForm = document.getElementById('key-form');
const keyInput = document.getElementById('api-key');
const keyError = document.getElementById('key-error');
const keyHint = document.getElementById('key-hint');
const forget = document.getElementById('forget-key');
let current = null;

function parseRoute() {
    const raw = location.hash.replace(/^#\/?/, '');
    const [path, query] = raw.split('?');
    const params = Object.fromEntries(new URLSearchParams(query || ''));
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'jobs' && parts[1]) return {name: 'jobs', view: jobView, params: {...params, id: parts[1]}};
    if (parts[0] === 'experiments' && parts[1]) return {name: 'experiments', view: experimentView, params: {...params, id: parts[1]}};
    if (parts[0] === 'experiments') return {name: 'experiments', view: experimentsView, params};
    if (parts[0] === 'compare') return {name: 'compare', view: compareView, params};
    if (parts[0] === 'submit') return {name: 'submit', view: submitView, params};
    return {name: 'jobs', view: jobsView, params};
}

function route() {
    if (current) current.abort();
    current = null;
    if (!session.key) { askForKey(); return; }
    const r = parseRoute();
    for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === r.name);
    document.title = 'Training service';
    current = new AbortController();
    view.dataset.view = r.name;
    try {
        r.view(view, r.params, current.signal);
    } catch (e) {
        replace(view, card('Something went wrong', empty(e.message)));
        throw e;
    }
    window.scrollTo(0, 0);
}

function showSession() {
    const key = session.key;
    keyHint.textContent = key ? 'key …' + key.slice(-4) : '';
    forget.hidden = !key;
}

function askForKey(message) {
    if (current) { current.abort(); current = null; }
    overlay.hidden = false;
    keyError.hidden = !message;
    keyError.textContent = message || '';
    showSession();
    setTimeout(() => keyInput.focus(), 0);
}

onUnauthorized(() => {
    session.key = null;
    askForKey('The service refused this key. Enter a valid API key.');
});

keyForm.addEventListener('submit', async e => {
    e.preventDefault();
    const key = keyInput.value.trim();
    if (!key) return;
    session.key = key;
    keyError.hidden = true;
    try {
        await request('api/v1/jobs?size=1');
    } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 401) {
            keyError.hidden = false;
            keyError.textContent = err.message;
            return;
        }
        return;  // the 401 handler has shown the message
    }
    keyInput.value = '';
    overlay.hidden = true;
    showSession();
    route();
});

forget.addEventListener('click', () => {
    session.key = null;
    askForKey();
    replace(view);
});

window.addEventListener('hashchange', route);
showSession();
route();
