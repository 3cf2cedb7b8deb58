// Submit: a JSON editor with example specs, and the dataset upload form.
import {h, append, replace, fmt, age, dateTime, card, empty, toast, shortId} from '../dom.js';
import {request, enc} from '../api.js';
import {EXAMPLES, pretty, isExperiment} from '../examples.js';

const DRAFT = 'trainingService.draft';

export function submitView(root, params, signal) {
    const editor = h('textarea', {id: 'spec-editor', class: 'editor', spellcheck: 'false', autocomplete: 'off',
        'aria-label': 'job spec (JSON)', rows: 22});
    const check = h('div', {class: 'json-check', id: 'json-check'});
    const errors = h('div', {id: 'submit-errors', class: 'errors', hidden: true});
    const submitBtn = h('button', {class: 'btn primary', id: 'submit-job', type: 'submit'}, 'Submit job');
    const chips = h('div', {class: 'chips', role: 'tablist'});
    const exampleText = h('p', {class: 'muted example-text'});

    const draft = sessionStorage.getItem(DRAFT);
    sessionStorage.removeItem(DRAFT);
    let current = null;

    function choose(example) {
        current = example.id;
        editor.value = pretty(example.spec);
        exampleText.textContent = example.text;
        for (const chip of chips.children) chip.classList.toggle('active', chip.dataset.example === example.id);
        validate();
    }
    append(chips, EXAMPLES.map(ex => h('button', {type: 'button', class: 'chip', dataset: {example: ex.id},
        title: ex.text, onclick: () => choose(ex)}, ex.title)));

    function parse() {
        try {
            return {spec: JSON.parse(editor.value)};
        } catch (e) {
            return {error: e.message};
        }
    }

    function validate() {
        const {spec, error} = parse();
        check.className = 'json-check ' + (error ? 'bad' : 'ok');
        check.textContent = error ? 'Not valid JSON: ' + error
            : (spec && typeof spec === 'object' && !Array.isArray(spec) ? 'Valid JSON' : 'The spec must be a JSON object');
        if (!error) submitBtn.textContent = isExperiment(spec) ? 'Start experiment' : 'Submit job';
        return !error;
    }

    editor.addEventListener('input', () => {
        validate();
        current = null;
        for (const chip of chips.children) chip.classList.remove('active');
    });
    editor.addEventListener('keydown', e => {
        if (e.key === 'Tab' && !e.shiftKey) {
            e.preventDefault();
            editor.setRangeText('  ', editor.selectionStart, editor.selectionEnd, 'end');
            validate();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            form.requestSubmit();
        }
    });

    const form = h('form', {id: 'submit-form', class: 'stack', onsubmit: onSubmit},
        h('div', null, h('div', {class: 'label'}, 'Start from an example'), chips, exampleText),
        editor,
        h('div', {class: 'editor-bar'}, check,
            h('div', {class: 'toolbar'},
                h('button', {type: 'button', class: 'btn', onclick: () => {
                    const {spec} = parse();
                    if (spec !== undefined) { editor.value = pretty(spec); validate(); }
                }}, 'Format'),
                submitBtn)),
        errors);

    async function onSubmit(e) {
        e.preventDefault();
        replace(errors);
        errors.hidden = true;
        if (!validate()) { editor.focus(); return; }
        submitBtn.disabled = true;
        try {
            const experiment = isExperiment(parse().spec);
            const {data} = await request(experiment ? 'api/v1/experiments' : 'api/v1/jobs',
                {method: 'POST', json: editor.value, signal});
            toast((experiment ? 'Experiment started: ' : 'Job submitted: ') + (data.name || shortId(data.id)), 'good');
            location.hash = (experiment ? '#/experiments/' : '#/jobs/') + enc(data.id);
        } catch (err) {
            if (err.name === 'AbortError') return;
            errors.hidden = false;
            replace(errors, h('div', {class: 'errors-title'}, err.status ? 'The service refused the spec: ' + err.detail : err.message),
                err.errors && err.errors.length ? h('ul', null, err.errors.map(x =>
                    h('li', null, h('code', null, x.field || '(spec)'), ' ', x.message || ''))) : null);
        } finally {
            submitBtn.disabled = false;
        }
    }

    // ---- datasets ---------------------------------------------------------------------------------------------------
    const datasetList = h('div', {id: 'dataset-list'});
    const builtinList = h('div', {id: 'builtin-list'});
    const uploadResult = h('div', {id: 'upload-result'});
    const formatCsv = h('input', {type: 'radio', name: 'format', value: 'csv', checked: true, onchange: switchFormat});
    const formatIdx = h('input', {type: 'radio', name: 'format', value: 'idx', onchange: switchFormat});
    const csvFields = h('div', {class: 'stack tight'},
        field('CSV file', h('input', {type: 'file', name: 'file', accept: '.csv,.tsv,.txt,text/csv', id: 'upload-file'})),
        field('Target column', h('input', {type: 'text', name: 'target', placeholder: 'e.g. species', id: 'upload-target'})),
        field('Columns to leave out', h('input', {type: 'text', name: 'ignore', placeholder: 'comma-separated, e.g. id'})));
    const idxFields = h('div', {class: 'stack tight', hidden: true},
        field('IDX images', h('input', {type: 'file', name: 'images'})),
        field('IDX labels', h('input', {type: 'file', name: 'labels'})));
    const uploadBtn = h('button', {class: 'btn primary', type: 'submit', id: 'upload-dataset'}, 'Upload');
    const uploadForm = h('form', {id: 'upload-form', class: 'stack tight', onsubmit: onUpload},
        field('Name', h('input', {type: 'text', name: 'name', required: true, placeholder: 'e.g. iris', id: 'upload-name'})),
        h('div', {class: 'segmented'}, h('label', null, formatCsv, ' CSV'), h('label', null, formatIdx, ' IDX (MNIST format)')),
        csvFields, idxFields,
        field('Task', h('select', {name: 'task'}, h('option', {value: ''}, 'infer from the target'),
            h('option', {value: 'classification'}, 'classification'), h('option', {value: 'regression'}, 'regression'))),
        h('div', {class: 'toolbar'}, uploadBtn),
        uploadResult);

    function field(text, input) {
        return h('label', {class: 'field'}, h('span', null, text), input);
    }

    function switchFormat() {
        csvFields.hidden = formatIdx.checked;
        idxFields.hidden = !formatIdx.checked;
    }

    async function onUpload(e) {
        e.preventDefault();
        const f = new FormData();
        const els = uploadForm.elements;
        f.append('name', els.namedItem('name').value.trim());
        if (els.namedItem('task').value) f.append('task', els.namedItem('task').value);
        if (formatIdx.checked) {
            if (!els.namedItem('images').files[0] || !els.namedItem('labels').files[0]) return showUpload('error', 'Choose both the images and the labels file.');
            f.append('images', els.namedItem('images').files[0]);
            f.append('labels', els.namedItem('labels').files[0]);
        } else {
            if (!els.namedItem('file').files[0]) return showUpload('error', 'Choose a CSV file.');
            f.append('file', els.namedItem('file').files[0]);
            if (els.namedItem('target').value.trim()) f.append('target', els.namedItem('target').value.trim());
            if (els.namedItem('ignore').value.trim()) f.append('ignore', els.namedItem('ignore').value.trim());
        }
        uploadBtn.disabled = true;
        showUpload('info', 'Uploading…');
        try {
            const {data} = await request('api/v1/datasets', {method: 'POST', form: f, signal});
            showUpload('good', 'Stored "' + data.name + '": ' + fmt(data.rows) + ' rows, ' + fmt(data.features)
                + ' features, ' + data.task + '.', data);
            loadDatasets();
        } catch (err) {
            if (err.name === 'AbortError') return;
            showUpload('error', err.message, null, err.errors);
        } finally {
            uploadBtn.disabled = false;
        }
    }

    function showUpload(kind, text, dataset, list) {
        replace(uploadResult, h('div', {class: 'callout ' + kind}, h('span', null, text),
            dataset ? h('button', {class: 'btn small', type: 'button', onclick: () => useDataset({id: dataset.id})}, 'Use in spec') : null,
            list && list.length ? h('ul', null, list.map(x => h('li', null, h('code', null, x.field || ''), ' ', x.message || ''))) : null));
    }

    function useDataset(ref) {
        let spec = parse().spec;
        if (!spec || typeof spec !== 'object' || Array.isArray(spec)) spec = {};
        spec.dataset = ref;
        editor.value = pretty(spec);
        validate();
        editor.scrollIntoView({behavior: 'smooth', block: 'center'});
        toast('The spec now uses ' + (ref.id ? 'dataset ' + shortId(ref.id) : 'the ' + ref.builtin + ' generator') + '.');
    }

    async function loadDatasets() {
        try {
            const {data} = await request('api/v1/datasets?size=50', {signal});
            const items = data.items || [];
            replace(datasetList, items.length ? h('table', {class: 'data compact'},
                h('thead', null, h('tr', null, ['Name', 'Task', 'Rows', 'Features', 'Age', ''].map(x => h('th', null, x)))),
                h('tbody', null, items.map(d => h('tr', null,
                    h('td', null, d.name, h('br'), h('span', {class: 'muted mono small'}, shortId(d.id))),
                    h('td', null, d.task || '—'), h('td', {class: 'num'}, fmt(d.rows)), h('td', {class: 'num'}, fmt(d.features)),
                    h('td', {title: dateTime(d.createdAt)}, age(d.createdAt)),
                    h('td', null, h('button', {class: 'btn small', type: 'button', onclick: () => useDataset({id: d.id})}, 'Use'),
                        ' ', deleteButton(d))))))
                : empty('No uploaded datasets yet.'));
        } catch (e) {
            if (e.name !== 'AbortError') replace(datasetList, empty('Cannot list datasets: ' + e.message));
        }
    }

    // two clicks, as the job page's cancel: the first arms the button for a few seconds, the second deletes
    function deleteButton(d) {
        const btn = h('button', {class: 'btn small danger', type: 'button', dataset: {deleteDataset: d.id}}, 'Delete');
        let armed = null;
        const disarm = () => { clearTimeout(armed); armed = null; btn.textContent = 'Delete'; btn.classList.remove('armed'); };
        btn.onclick = async () => {
            if (!armed) {
                btn.textContent = 'Confirm delete';
                btn.classList.add('armed');
                armed = setTimeout(disarm, 4000);
                return;
            }
            disarm();
            btn.disabled = true;
            try {
                await request('api/v1/datasets/' + enc(d.id), {method: 'DELETE', signal});
                toast('Dataset ' + d.name + ' deleted.');
                loadDatasets();
            } catch (e) {
                // 409 while a queued or running job uses it: the detail says so
                if (e.name !== 'AbortError') toast(e.message, 'error');
                btn.disabled = false;
            }
        };
        return btn;
    }

    async function loadBuiltins() {
        try {
            const {data} = await request('api/v1/datasets/builtin', {signal});
            replace(builtinList, h('ul', {class: 'builtins'}, (data || []).map(g => h('li', null,
                h('div', null, h('b', null, g.name), ' ', h('span', {class: 'tag'}, g.task)),
                h('div', {class: 'muted small'}, g.description || ''),
                h('button', {class: 'btn small', type: 'button',
                    onclick: () => useDataset({builtin: g.name})}, 'Use')))));
        } catch (e) {
            if (e.name !== 'AbortError') replace(builtinList, empty('Cannot list the generators: ' + e.message));
        }
    }

    replace(root,
        h('div', {class: 'page-head'}, h('div', null, h('h1', null, 'Submit a job'),
            h('span', {class: 'muted'}, 'Only "dataset" is required; the job page shows the spec with every default filled in. '
                + 'A spec with a "baseSpec" and a "searchSpace" starts an experiment.'))),
        h('div', {class: 'grid side-right'},
            card('Job spec', form),
            h('div', {class: 'stack'},
                card('Upload a dataset', uploadForm),
                card('Your datasets', datasetList),
                card('Built-in generators', builtinList))));

    if (draft) {
        editor.value = draft;
        exampleText.textContent = 'A copy of an earlier job\'s spec.';
        validate();
    } else {
        choose(EXAMPLES.find(x => x.id === (params.example || 'early-stopping')) || EXAMPLES[0]);
    }
    loadDatasets();
    loadBuiltins();
}
