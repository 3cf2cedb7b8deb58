// Example specs for the submit page: one per concept the service teaches, and two experiments.
export const EXAMPLES = [
    {id: 'minimal', title: 'Minimal', text: 'Only the dataset; every other field takes its default.',
        spec: {name: 'moons-defaults', dataset: {builtin: 'moons'}}},
    {id: 'early-stopping', title: 'Early stopping',
        text: 'A large network that would overfit; stops when val_loss has not improved for 5 epochs and restores the best weights.',
        spec: {name: 'early-stopping', dataset: {builtin: 'moons', samples: 1000, noise: 0.3}, model: {hidden: [128, 128]},
            training: {epochs: 200},
            regularization: {earlyStopping: {monitor: 'val_loss', patience: 5, restoreBest: true}}}},
    {id: 'kfold', title: 'k-fold CV', text: 'Five folds, each validated on its own part; then a refit on all non-test rows.',
        spec: {name: 'kfold', dataset: {builtin: 'circles'}, validation: {strategy: 'kfold', folds: 5}, training: {epochs: 20}}},
    {id: 'bagging', title: 'Bagging', text: 'Five members on bootstrap resamples, averaged; with an out-of-bag estimate.',
        spec: {name: 'bagging', dataset: {builtin: 'moons', noise: 0.35}, ensemble: {method: 'bagging', members: 5},
            training: {epochs: 30}}},
    {id: 'boosting', title: 'Boosting', text: 'AdaBoost (SAMME) over six small networks; misclassified rows gain weight.',
        spec: {name: 'boosting', dataset: {builtin: 'spirals'}, model: {hidden: [8]}, ensemble: {method: 'boosting', members: 6},
            training: {epochs: 25}}},
    {id: 'regression', title: 'Regression', text: 'A noisy sine fitted with tanh layers; RMSE, MAE and R² instead of accuracy.',
        spec: {name: 'sine', dataset: {builtin: 'sine', samples: 500}, model: {hidden: [32, 32], activation: 'tanh'},
            training: {epochs: 40}}},
    {id: 'bias-variance', title: 'Bias–variance', text: 'Five bootstrap rounds; the expected test loss split into bias², variance and noise.',
        spec: {name: 'bias-variance', dataset: {builtin: 'sine'}, analysis: {biasVariance: {rounds: 5}}, training: {epochs: 20}}},
    {id: 'learning-curve', title: 'Learning curve',
        text: 'The README example trained on 10%, 25%, 50% and all of its training rows: would more data or a bigger model help?',
        spec: {name: 'learning-curve', dataset: {builtin: 'moons', samples: 1000, noise: 0.2}, model: {hidden: [32, 32]},
            optimizer: {type: 'adam', learningRate: 0.01}, training: {epochs: 20, seed: 42},
            analysis: {learningCurve: {fractions: [0.1, 0.25, 0.5, 1.0], repeats: 1}}}},
    {id: 'regularization', title: 'Regularization', text: 'Dropout, an L2 penalty and mixup on a two-layer network.',
        spec: {name: 'dropout-l2', dataset: {builtin: 'moons'}, model: {hidden: [64, 64], dropout: 0.3},
            regularization: {l2: 0.001, mixup: 0.2}}},
    {id: 'batch-modes', title: 'Batch modes', text: 'Stochastic gradient descent: one row per step (try mini_batch and full_batch).',
        spec: {name: 'sgd-stochastic', dataset: {builtin: 'xor', samples: 400}, optimizer: {type: 'sgd', learningRate: 0.05},
            training: {epochs: 15, batchMode: 'stochastic'}}},
    // experiments: their JSON has a baseSpec, so the submit page sends them to /api/v1/experiments
    {id: 'asha-search', title: 'ASHA search',
        text: 'An experiment: 12 trials of successive halving; each pauses at 1 and 3 epochs and the best third resumes from its checkpoint.',
        spec: {name: 'moons-asha', baseSpec: {dataset: {builtin: 'moons', samples: 1000, noise: 0.25}, training: {epochs: 9}},
            searchSpace: {'optimizer.learningRate': {type: 'loguniform', min: 0.0005, max: 0.3},
                'model.hidden': {type: 'choice', values: [[8], [32], [64, 64]]},
                'model.dropout': {type: 'uniform', min: 0, max: 0.4}},
            searcher: {type: 'asha', maxTrials: 12, maxConcurrentTrials: 4, seed: 1, minEpochs: 1, reductionFactor: 3},
            objective: {metric: 'val_loss', mode: 'min'}}},
    {id: 'width-grid', title: 'Grid: width',
        text: 'An experiment over one parameter, the width, on small noisy data: under-fitting, the sweet spot, over-fitting.',
        spec: {name: 'moons-width', baseSpec: {dataset: {builtin: 'moons', samples: 300, noise: 0.35}, training: {epochs: 60}},
            searchSpace: {'model.hidden': {type: 'grid', values: [[1], [2], [4], [16], [64, 64], [256, 256]]}},
            searcher: {type: 'grid'}, objective: {metric: 'val_loss'}}},
];

/** An experiment (base spec and search space) rather than a job spec. */
export function isExperiment(spec) {
    return spec !== null && typeof spec === 'object' && !Array.isArray(spec) && 'baseSpec' in spec;
}

export function pretty(spec) {
    return JSON.stringify(spec, null, 2);
}
