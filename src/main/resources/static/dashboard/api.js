// The API client: every call carries the session's key; a 401 brings the key form back.

const KEY = 'trainingService.apiKey';
let unauthorized = () => {};

export const session = {
    get key() { return sessionStorage.getItem(KEY); },
    set key(value) { value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY); },
};

export function onUnauthorized(handler) {
    unauthorized = handler;
}

export class ApiError extends Error {
    constructor(status, detail, errors = [], body = null) {
        super(detail);
        this.status = status;
        this.detail = detail;
        this.errors = Array.isArray(errors) ? errors : [];
        this.body = body;
    }
}

/**
 * One API call. Answers {status, etag, data}; a 304 answers {status: 304} (send etag to get one). Errors throw ApiError
 * with the problem details' detail and field errors.
 */
export async function request(path, {method = 'GET', json, form, etag, signal, blob = false} = {}) {
    const headers = {Accept: blob ? '*/*' : 'application/json, application/problem+json'};
    const key = session.key;
    if (key) headers.Authorization = 'Bearer ' + key;
    let body;
    if (json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = typeof json === 'string' ? json : JSON.stringify(json);
    } else if (form) {
        body = form;
    }
    if (etag) headers['If-None-Match'] = etag;
    let res;
    try {
        res = await fetch(path, {method, headers, body, signal, cache: 'no-store', credentials: 'omit'});
    } catch (e) {
        if (e.name === 'AbortError') throw e;
        throw new ApiError(0, 'The service cannot be reached (' + e.message + ').');
    }
    if (res.status === 401) {
        unauthorized();
        throw new ApiError(401, 'The API key was refused.');
    }
    if (res.status === 304) return {status: 304, etag};
    if (blob && res.ok) return {status: res.status, data: await res.blob(), headers: res.headers};
    const type = res.headers.get('Content-Type') || '';
    const text = res.status === 204 ? '' : await res.text();
    let data = text;
    if (text && type.includes('json')) {
        try { data = JSON.parse(text); } catch (e) { data = text; }
    }
    if (!res.ok) {
        const detail = (data && (data.detail || data.title)) || ('HTTP ' + res.status);
        throw new ApiError(res.status, detail, data && data.errors, data);
    }
    return {status: res.status, etag: res.headers.get('ETag'), data};
}

export async function get(path, signal) {
    return (await request(path, {signal})).data;
}

export const enc = encodeURIComponent;

/** Every metric point of a job, following `next` until the last page. */
export async function allMetrics(id, signal) {
    let points = [];
    let after = null;
    do {
        const q = new URLSearchParams({limit: '5000'});
        if (after) q.set('after', after);
        const page = await get('api/v1/jobs/' + enc(id) + '/metrics?' + q, signal);
        points = points.concat(page.points || []);
        after = page.next;
    } while (after);
    return points;
}

/** Checkpoints of a job, or null when the service has none to show (404). */
export async function checkpoints(id, signal) {
    try {
        const data = await get('api/v1/jobs/' + enc(id) + '/checkpoints', signal);
        return Array.isArray(data) ? data : (data && Array.isArray(data.items) ? data.items : []);
    } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
        throw e;
    }
}

/** Runs task now and then every interval ms after each run ends, until signal aborts. Errors go to onError. */
export function poll(task, interval, signal, onError) {
    let timer = null;
    const tick = async () => {
        if (signal.aborted) return;
        let next = interval;
        try {
            const wanted = await task();
            if (typeof wanted === 'number') next = wanted;
        } catch (e) {
            if (e.name === 'AbortError' || signal.aborted) return;
            if (onError) onError(e);
            next = Math.max(interval, 3000);
        }
        if (!signal.aborted && next > 0) timer = setTimeout(tick, next);
    };
    signal.addEventListener('abort', () => clearTimeout(timer));
    tick();
}
