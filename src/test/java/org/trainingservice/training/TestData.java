package org.trainingservice.training;

import java.util.List;
import org.trainingservice.dataset.BuiltinDatasets;
import org.trainingservice.dataset.DatasetMatrix;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;
import tools.jackson.databind.json.JsonMapper;

/** Small real datasets and specs for the trainer's tests. */
public final class TestData {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestData() {
    }

    public static DataTable builtin(String name, int samples, double noise, Integer classes, long seed) {
        DatasetMatrix m = new BuiltinDatasets().generate(name, samples, noise, classes, seed);
        return new DataTable(m.features(), m.rows(), m.cols(), m.targets(), m.classNames(), m.featureNames(),
                m.imageShape(), m.noiseVariance());
    }

    /** Parses a spec written as JSON and applies defaults, as the API does. */
    public static JobSpec spec(String json, Task task) {
        return JSON.readValue(json, JobSpec.class).withDefaults(task);
    }

    public static final TrainingObserver QUIET = TrainingObserver.onEpoch(report -> {
    });

    /** Runs a whole job on {@code data}, adding every epoch report to {@code reports}. */
    public static TrainingOutcome train(String specJson, DataTable data, Task task, List<EpochReport> reports) {
        return new TrainingEngine().run(spec(specJson, task), data, TrainingObserver.onEpoch(reports::add));
    }
}
