package org.trainingservice.job;

import java.util.List;
import org.springframework.stereotype.Component;
import org.trainingservice.common.FieldProblem;
import org.trainingservice.common.LimitsProperties;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.ParameterCount;

/** The operator's limits on a spec ({@code training.limits.*}); every message names the limit it hit. */
@Component
class SubmissionLimits {

    private final LimitsProperties limits;

    public SubmissionLimits(LimitsProperties limits) {
        this.limits = limits;
    }

    public LimitsProperties limits() {
        return limits;
    }

    public void check(JobSpec spec, JobDatasets.Resolved dataset, List<FieldProblem> problems) {
        at(problems, "training.epochs", spec.training().epochs(), limits.maxEpochs(), "max-epochs");
        at(problems, "training.batchSize", spec.training().batchSize(), limits.maxBatchSize(), "max-batch-size");
        for (int i = 0; i < spec.model().hidden().size(); i++) {
            Integer units = spec.model().hidden().get(i);
            if (units != null) {
                at(problems, "model.hidden[" + i + "]", units, limits.maxHiddenUnits(), "max-hidden-units");
            }
        }
        if (spec.dataset() != null && spec.dataset().samples() != null) {
            at(problems, "dataset.samples", spec.dataset().samples(), limits.maxSamples(), "max-samples");
        }
        if (spec.validation().strategy() == org.trainingservice.training.spec.ValidationStrategy.KFOLD) {
            at(problems, "validation.folds", spec.validation().folds(), limits.maxFolds(), "max-folds");
        }
        if (spec.ensemble().method() != org.trainingservice.training.spec.EnsembleMethod.NONE) {
            at(problems, "ensemble.members", spec.ensemble().members(), limits.maxMembers(), "max-members");
        }
        if (spec.analysis() != null && spec.analysis().biasVariance() != null && spec.analysis().biasVariance().rounds() != null) {
            at(problems, "analysis.biasVariance.rounds", spec.analysis().biasVariance().rounds(), limits.maxRounds(), "max-rounds");
        }
        if (dataset != null && problems.isEmpty()) {
            long parameters = ParameterCount.of(spec.model(), dataset.inputs(), dataset.outputs(), dataset.imageShape());
            if (parameters > limits.maxParameters()) {
                problems.add(new FieldProblem("model", "this model has " + parameters + " parameters; at most "
                        + limits.maxParameters() + " are allowed (training.limits.max-parameters): use fewer or smaller layers"));
            }
        }
    }

    private static void at(List<FieldProblem> problems, String field, Integer value, long max, String property) {
        if (value != null && value > max) {
            problems.add(new FieldProblem(field, "at most " + max + " on this server (training.limits." + property
                    + "), was " + value));
        }
    }
}
