package org.trainingservice.training;

import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.RegularizationSpec;
import org.trainingservice.training.spec.TrainingSettings;

/** Variants of a spec that sub-runs need. */
final class Specs {

    private Specs() {
    }

    /** The spec with a fixed number of epochs and no early stopping (a refit has no validation data). */
    static JobSpec fixedEpochs(JobSpec spec, int epochs) {
        TrainingSettings t = spec.training();
        RegularizationSpec r = spec.regularization();
        return new JobSpec(spec.name(), spec.dataset(), spec.task(), spec.model(), spec.loss(), spec.optimizer(),
                new TrainingSettings(epochs, t.batchMode(), t.batchSize(), t.seed(), t.device()),
                new RegularizationSpec(r.l1(), r.l2(), r.inputNoise(), r.labelSmoothing(), r.mixup(), r.augmentation(), null),
                spec.validation(), spec.ensemble(), spec.analysis(), spec.checkpoint(), spec.priority());
    }
}
