package org.trainingservice.training;

import java.util.List;
import org.trainingservice.training.spec.JobSpec;

/**
 * Everything needed to use a trained model elsewhere: the spec that built it, the input/output sizes, the fitted
 * preprocessing, the class names, and the parameters in DJL's format.
 */
public record TrainedModel(JobSpec spec, int inputs, int outputs, int[] imageShape, List<String> classNames,
                           List<String> featureNames, Preprocessing preprocessing, byte[] parameters) {
}
