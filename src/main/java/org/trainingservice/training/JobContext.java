package org.trainingservice.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.LossType;

/**
 * What every strategy (single run, cross-validation, ensembles, bias-variance) shares: the spec, the data, the
 * observer, the engine's manager, and one way to fit a sub-run. It also keeps the job's checkpoint ledger: finished
 * sub-runs are recorded, and when the job resumes from a checkpoint, finished sub-runs are taken from it and the
 * interrupted one continues where it stopped.
 */
final class JobContext {

    private final JobSpec spec;
    private final DataTable data;
    private final TrainingObserver observer;
    private final NDManager manager;
    private final int subRuns;
    private final String device;
    private final Checkpoint resume;
    private final Baselines baselines;
    private final List<CompletedSubRun> completed = new ArrayList<>();

    public JobContext(JobSpec spec, DataTable data, TrainingObserver observer, NDManager manager, int subRuns,
                      String device, Checkpoint resume) {
        this(spec, data, observer, manager, subRuns, device, resume, null);
    }

    /** The same, with the job's {@link Baselines}, against which results read their findings. */
    public JobContext(JobSpec spec, DataTable data, TrainingObserver observer, NDManager manager, int subRuns,
                      String device, Checkpoint resume, Baselines baselines) {
        this.spec = spec;
        this.baselines = baselines;
        this.data = data;
        this.observer = observer;
        this.manager = manager;
        this.subRuns = subRuns;
        this.device = device;
        this.resume = resume;
        if (resume != null) {
            completed.addAll(resume.completed());
        }
    }

    public JobSpec spec() {
        return spec;
    }

    public DataTable data() {
        return data;
    }

    public int subRuns() {
        return subRuns;
    }

    public String device() {
        return device;
    }

    public long seed() {
        return spec.training().seed();
    }

    public int outputs() {
        return data.isClassification() ? data.classCount() : 1;
    }

    public Evaluator evaluator(Preprocessing preprocessing) {
        return new Evaluator(spec.loss(), data.isClassification() ? outputs() : 0, preprocessing);
    }

    /** Ensemble classification metrics use cross-entropy of the combined probabilities. */
    public Evaluator ensembleEvaluator(Preprocessing preprocessing) {
        return new Evaluator(data.isClassification() ? LossType.CROSS_ENTROPY : spec.loss(),
                data.isClassification() ? outputs() : 0, preprocessing);
    }

    /** The result of one sub-run: its fit, its parameters, and its outputs on the splits asked for. */
    public record Fitted(FitOutcome fit, byte[] parameters, Map<String, float[]> outputs, Map<String, Double> validation) {
    }

    /**
     * Fits one sub-run in a sub-manager that is closed afterwards (so a job of many members holds only host copies)
     * and returns the outputs on the named splits. A sub-run the resumed checkpoint already finished is not trained
     * again.
     */
    public Fitted fit(JobSpec runSpec, Evaluator evaluator, PreparedSplit train, PreparedSplit validation, long seed,
                      SubRun subRun, Map<String, PreparedSplit> outputsOn) {
        Optional<CompletedSubRun> done = completed.stream().filter(c -> c.index() == subRun.index()).findFirst();
        if (done.isPresent()) {
            CompletedSubRun c = done.get();
            return new Fitted(new FitOutcome(null, c.bestEpoch(), c.epochsRun(), c.stoppedEarly(), c.steps(),
                    c.history(), false), c.parameters(), c.outputs(), c.validation());
        }
        FitProgress from = resume != null && resume.subRun() == subRun.index() ? resume.progress() : null;
        CheckpointSink sink = (progress, monitor, value) -> observer.onCheckpoint(
                new Checkpoint(List.copyOf(completed), subRun.index(), progress).encode(),
                new CheckpointInfo(subRun.index(), subRun.label(), progress.completedEpochs(), progress.batchesDone(),
                        monitor.jsonName(), value, monitor.maximize()));
        try (NDManager sub = manager.newSubManager()) {
            ModelTrainer trainer = new ModelTrainer(runSpec, outputs(), data.imageShape(), evaluator);
            FitOutcome fit = trainer.fit(sub, train, validation, seed, observer, subRun, from, sink);
            SequentialBlock block = fit.block();
            Map<String, float[]> outputs = new LinkedHashMap<>();
            outputsOn.forEach((name, split) -> outputs.put(name,
                    Evaluator.predict(block, sub, split.inputs(), split.rows(), split.cols(), outputs())));
            Map<String, Double> val = validation == null || validation.isEmpty() ? null
                    : evaluator.evaluate(block, sub, validation);
            byte[] parameters = ModelParameters.save(block);
            completed.add(new CompletedSubRun(subRun.index(), parameters, outputs, val, fit.bestEpoch(), fit.epochsRun(),
                    fit.stoppedEarly(), fit.steps(), fit.history()));
            if (subRun.index() < subRuns - 1) {
                // a finished sub-run is a natural checkpoint: the next one starts from scratch
                observer.onCheckpoint(new Checkpoint(List.copyOf(completed), subRun.index() + 1, null).encode(),
                        new CheckpointInfo(subRun.index(), subRun.label(), fit.epochsRun(), 0,
                                "val_loss", val == null ? Double.NaN : val.getOrDefault("loss", Double.NaN), false));
            }
            return new Fitted(fit, parameters, outputs, val);
        }
    }

    /** The job's result from its main fit: the fit's whole curve read against the job's baselines. */
    public TrainingResult result(Map<String, Map<String, Double>> metrics, FitOutcome fit) {
        return TrainingResult.of(metrics, fit, device, data.isClassification(), spec, baselines);
    }

    /** Metrics of the given outputs on train, validation and test (empty splits are left out). */
    public Map<String, Map<String, Double>> splitMetrics(Evaluator evaluator, Map<String, float[]> outputs,
                                                         Preparation prep) {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        Map<String, PreparedSplit> splits = Map.of("train", prep.train(), "validation", prep.validation(), "test", prep.test());
        for (String name : List.of("train", "validation", "test")) {
            if (outputs.containsKey(name) && !splits.get(name).isEmpty()) {
                metrics.put(name, evaluator.metrics(outputs.get(name), splits.get(name)));
            }
        }
        return metrics;
    }

    /** The splits whose outputs every strategy evaluates. */
    public static Map<String, PreparedSplit> allSplits(Preparation prep) {
        Map<String, PreparedSplit> splits = new LinkedHashMap<>();
        splits.put("train", prep.train());
        if (!prep.validation().isEmpty()) {
            splits.put("validation", prep.validation());
        }
        if (!prep.test().isEmpty()) {
            splits.put("test", prep.test());
        }
        return splits;
    }

    public TrainedModel model(Preprocessing preprocessing, TrainedModel.Combination combination,
                              List<TrainedModel.Member> members) {
        return new TrainedModel(spec, data.cols(), outputs(), data.imageShape(), data.classNames(), data.featureNames(),
                preprocessing, combination, members);
    }
}
