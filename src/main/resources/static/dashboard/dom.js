// DOM helpers. Text from the API is only ever placed with text nodes / textContent and attributes,
// never parsed as HTML, so a job named "<img src=x onerror=...>" stays literal text.

const SVG_NS = 'http://www.w3.org/2000/svg';
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'textContent', 'hidden', 'multiple']);

function applyProps(el, props) {
    if (!props) return;
    for (const [key, value] of Object.entries(props)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'innerHTML' || key === 'outerHTML') throw new Error('refusing to set ' + key);
        if (key === 'class') {
            el.setAttribute('class', value);
        } else if (key === 'dataset') {
            for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) el.dataset[k] = String(v);
        } else if (key === 'style' && typeof value === 'object') {
            Object.assign(el.style, value);
        } else if (key.startsWith('on') && typeof value === 'function') {
            el.addEventListener(key.slice(2), value);
        } else if (PROPERTIES.has(key)) {
            el[key] = value;
        } else {
            el.setAttribute(key, value === true ? '' : String(value));
        }
    }
}

export function append(parent, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) continue;
        parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return parent;
}

/** An HTML element: h('a', {href: '#/jobs'}, 'Jobs'). Strings become text nodes. */
export function h(tag, props, ...children) {
    const el = document.createElement(tag);
    applyProps(el, props);
    return append(el, children);
}

/** An SVG element. */
export function s(tag, props, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    applyProps(el, props);
    return append(el, children);
}

export function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
}

export function replace(el, ...children) {
    clear(el);
    return append(el, children);
}

// ---- formatting ---------------------------------------------------------------------------------------------------

export function fmt(value, digits = 4) {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value !== 'number') return String(value);
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    if (Math.abs(value) >= 1000) return value.toLocaleString('en-US', {maximumFractionDigits: 1});
    return String(Number(value.toPrecision(digits)));
}

/** A metric value: like fmt, but 1 shows as 1.000 (a metric is never an integer count). */
export function metric(value) {
    if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 1) return value.toFixed(3);
    return fmt(value);
}

/** A table cell holding a metric value. */
export function m(value) {
    return {metric: value};
}

export function pct(value) {
    if (value === null || value === undefined) return '—';
    return (value * 100).toFixed(1) + '%';
}

export function bytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KB', 'MB', 'GB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    seconds = Math.max(0, Math.round(seconds));
    if (seconds < 60) return seconds + ' s';
    const m = Math.floor(seconds / 60), sec = seconds % 60;
    if (m < 60) return m + ' min ' + (sec ? sec + ' s' : '');
    const hr = Math.floor(m / 60);
    return hr + ' h ' + (m % 60) + ' min';
}

export function age(iso) {
    if (!iso) return '—';
    const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (seconds < 60) return Math.floor(seconds) + 's ago';
    if (seconds < 3600) return Math.floor(seconds / 60) + 'm ago';
    if (seconds < 86400) return Math.floor(seconds / 3600) + 'h ago';
    return Math.floor(seconds / 86400) + 'd ago';
}

export function dateTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return d.toLocaleString(undefined, {
        year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

export function shortId(id) {
    return id ? String(id).slice(0, 8) : '';
}

// ---- small widgets ------------------------------------------------------------------------------------------------

export const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function statusBadge(status) {
    const el = h('span', {class: 'badge'});
    setStatus(el, status);
    return el;
}

export function setStatus(el, status) {
    el.className = 'badge status-' + String(status || 'unknown').toLowerCase();
    el.textContent = status ? status.charAt(0) + status.slice(1).toLowerCase() : '—';
    el.dataset.status = status || '';
}

export function progressBar(job) {
    const wrap = h('div', {class: 'progress'});
    const bar = h('div', {class: 'progress-track'}, h('div', {class: 'progress-fill'}));
    const text = h('div', {class: 'progress-text'});
    append(wrap, [bar, text]);
    updateProgress(wrap, job);
    return wrap;
}

export function updateProgress(wrap, job) {
    const p = job.progress || {};
    let fraction = typeof p.fraction === 'number' ? p.fraction : 0;
    if (job.status === 'SUCCEEDED') fraction = 1;
    const fill = wrap.querySelector('.progress-fill');
    fill.style.width = Math.max(0, Math.min(1, fraction)) * 100 + '%';
    wrap.dataset.status = (job.status || '').toLowerCase();
    const parts = [];
    if (p.totalEpochs) parts.push('epoch ' + (p.epoch || 0) + '/' + p.totalEpochs);
    if (p.label) parts.push(p.label);
    if (job.status === 'RUNNING' && p.etaSeconds !== null && p.etaSeconds !== undefined) {
        parts.push('ETA ' + duration(p.etaSeconds));
    }
    wrap.querySelector('.progress-text').textContent =
        Math.round(fraction * 100) + '%' + (parts.length ? ' · ' + parts.join(' · ') : '');
}

export function table(headers, rows, props = {}) {
    const isNum = c => typeof c === 'number' || (c !== null && typeof c === 'object' && 'metric' in c);
    const numeric = headers.map((x, i) => rows.some(r => isNum(r.cells[i])));
    return h('table', Object.assign({class: 'data'}, props),
        h('thead', null, h('tr', null, headers.map((x, i) => h('th', numeric[i] ? {class: 'num'} : null, x)))),
        h('tbody', null, rows.map(r => h('tr', r.props || null, r.cells.map(c =>
            c instanceof Node ? h('td', null, c)
                : c !== null && typeof c === 'object' && 'metric' in c ? h('td', {class: 'num'}, metric(c.metric))
                : h('td', typeof c === 'number' ? {class: 'num'} : null, c === '' ? '' : fmt(c)))))));
}

export function card(title, ...children) {
    return h('section', {class: 'card'}, title ? h('h2', {class: 'card-title'}, title) : null, ...children);
}

export function empty(text) {
    return h('p', {class: 'empty'}, text);
}

/** The job's display name: its name, or a placeholder. Always text. */
export function jobName(job) {
    return job.name && job.name.length ? job.name : 'untitled ' + shortId(job.id);
}

export function toast(message, kind = 'info') {
    const host = document.getElementById('toasts');
    const el = h('div', {class: 'toast ' + kind}, message);
    host.appendChild(el);
    setTimeout(() => el.classList.add('leaving'), 3800);
    setTimeout(() => el.remove(), 4300);
}
