// Jobs ticked for comparison, kept for the browser session.
const KEY = 'trainingService.compare';

function load() {
    try { return new Set(JSON.parse(sessionStorage.getItem(KEY) || '[]')); } catch (e) { return new Set(); }
}

export const selection = {
    ids: load(),
    toggle(id, on) {
        on ? this.ids.add(id) : this.ids.delete(id);
        sessionStorage.setItem(KEY, JSON.stringify([...this.ids]));
    },
    set(ids) {
        this.ids = new Set(ids);
        sessionStorage.setItem(KEY, JSON.stringify([...this.ids]));
    },
};
