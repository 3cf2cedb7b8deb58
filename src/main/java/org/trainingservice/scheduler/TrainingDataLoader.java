package org.trainingservice.scheduler;

import org.springframework.stereotype.Component;
import org.trainingservice.dataset.BuiltinDatasets;
import org.trainingservice.dataset.DatasetMatrix;
import org.trainingservice.dataset.DatasetService;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.training.DataTable;
import org.trainingservice.training.spec.DatasetRef;
import org.trainingservice.training.spec.JobSpec;

/** Materializes the dataset a job names as the trainer's {@link DataTable}. */
@Component
public class TrainingDataLoader {

    private final BuiltinDatasets builtins;
    private final DatasetService uploaded;

    public TrainingDataLoader(BuiltinDatasets builtins, DatasetService uploaded) {
        this.builtins = builtins;
        this.uploaded = uploaded;
    }

    public DataTable load(JobSpec spec, ClaimedJob job) {
        DatasetRef ref = spec.dataset();
        if (ref.builtin() == null) {
            return toTable(uploaded.load(job.datasetId()));
        }
        DatasetMatrix m = builtins.generate(ref.builtin(), ref.samples(), ref.noise(), ref.classes(), spec.training().seed());
        return toTable(m);
    }

    static DataTable toTable(DatasetMatrix m) {
        return new DataTable(m.features(), m.rows(), m.cols(), m.targets(), m.classNames(), m.featureNames(),
                m.imageShape(), m.noiseVariance());
    }
}
