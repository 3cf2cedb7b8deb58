package org.trainingservice.training;

import java.util.List;
import org.trainingservice.training.spec.JobSpec;

/**
 * Everything needed to use a trained model elsewhere: the spec that built it, the input/output sizes, the fitted
 * preprocessing, the class names, and each member's parameters (DJL's format) with the way members combine.
 */
public record TrainedModel(JobSpec spec, int inputs, int outputs, int[] imageShape, List<String> classNames,
                           List<String> featureNames, Preprocessing preprocessing, Combination combination,
                           List<Member> members) {

    /** One network of the model and its weight in the combination. */
    public record Member(byte[] parameters, double weight) {
    }

    /** How members' outputs become the model's. */
    public enum Combination {
        /** one network; its outputs are the model's */
        SINGLE,
        /** bagging: mean of the members' class probabilities (classification) or outputs (regression) */
        AVERAGE,
        /** SAMME boosting: class scores are the weights of the members voting for each class */
        SAMME,
        /** gradient boosting: the weighted sum of the members' outputs */
        ADDITIVE
    }
}
