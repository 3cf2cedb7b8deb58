package org.trainingservice.scheduler;

import org.springframework.stereotype.Component;
import org.trainingservice.dataset.BuiltinDatasets;
import org.trainingservice.dataset.DatasetMatrix;
import org.trainingservice.dataset.DatasetSchema;
import org.trainingservice.dataset.DatasetService;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.training.DataTable;
import org.trainingservice.training.spec.DatasetRef;
import org.trainingservice.training.spec.JobSpec;

/** Materializes the dataset a job names as the trainer's {@link DataTable}. */
@Component
class TrainingDataLoader {

    private final BuiltinDatasets builtins;
    private final DatasetService uploaded;

    public TrainingDataLoader(BuiltinDatasets builtins, DatasetService uploaded) {
        this.builtins = builtins;
        this.uploaded = uploaded;
    }

    /** The data a job trains on, and the schema that turns raw instances into its features. */
    public record Loaded(DataTable table, DatasetSchema encoding) {
    }

    public Loaded load(JobSpec spec, ClaimedJob job) {
        DatasetRef ref = spec.dataset();
        if (ref.builtin() == null) {
            DatasetSchema schema = uploaded.schema(job.datasetId(), null)
                    .orElseThrow(() -> new IllegalStateException("dataset " + job.datasetId() + " was deleted"));
            return new Loaded(toTable(uploaded.load(job.datasetId())), schema);
        }
        DatasetMatrix m = builtins.generate(ref.builtin(), ref.samples(), ref.noise(), ref.classes(), spec.training().seed());
        return new Loaded(toTable(m), builtins.schema(ref.builtin(), m));
    }

    static DataTable toTable(DatasetMatrix m) {
        return new DataTable(m.features(), m.rows(), m.cols(), m.targets(), m.classNames(), m.featureNames(),
                m.imageShape(), m.noiseVariance());
    }
}
