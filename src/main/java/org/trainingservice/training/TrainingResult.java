package org.trainingservice.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.trainingservice.training.spec.JobSpec;

/**
 * The finished job's result, as the API shows it (field names are contract: docs/api.md describes each part).
 *
 * @param metrics {@code train}, {@code validation}, {@code test} -> metric name -> value
 * @param generalizationGap validation loss minus training loss of the final model
 * @param accuracyGap training minus validation accuracy (classification)
 * @param findings what the main fit's whole learning curve shows, most important first (see {@link CurveFindings})
 * @param baselines what trivial and classical predictors reach on the same splits
 * @param learningCurve the learning curve over training-set size, when the spec asked for it
 * @param stopReason why training ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingResult(Map<String, Map<String, Double>> metrics, int bestEpoch, int epochsRun,
                             boolean stoppedEarly, double generalizationGap, Double accuracyGap, String diagnosis,
                             String diagnosisDetail, long steps, String device, CrossValidation crossValidation,
                             Ensemble ensemble, BiasVariance biasVariance, List<Finding> findings,
                             Baselines baselines, LearningCurve learningCurve, StopReason stopReason) {

    /** The result of the fit, read without the job's spec (generic advice) and without baselines. */
    public static TrainingResult of(Map<String, Map<String, Double>> metrics, FitOutcome fit, String device,
                                    boolean classification) {
        return of(metrics, fit, device, classification, null, null);
    }

    /** The result of the fit, its findings read from its whole curve against the baselines. */
    public static TrainingResult of(Map<String, Map<String, Double>> metrics, FitOutcome fit, String device,
                                    boolean classification, JobSpec spec, Baselines baselines) {
        FitDiagnosis d = FitDiagnosis.read(fit.history(), metrics, spec, baselines, classification, fit.bestEpoch());
        return new TrainingResult(metrics, fit.bestEpoch(), fit.epochsRun(), fit.stoppedEarly(), d.lossGap(),
                d.accuracyGap(), d.diagnosis(), d.detail(), fit.steps(), device, null, null, null, d.findings(),
                baselines, null, StopReason.of(fit));
    }

    public TrainingResult with(CrossValidation cv, Ensemble e, BiasVariance bv) {
        return new TrainingResult(metrics, bestEpoch, epochsRun, stoppedEarly, generalizationGap, accuracyGap, diagnosis,
                diagnosisDetail, steps, device, cv != null ? cv : crossValidation, e != null ? e : ensemble,
                bv != null ? bv : biasVariance, findings, baselines, learningCurve, stopReason);
    }

    public TrainingResult withLearningCurve(LearningCurve curve) {
        return new TrainingResult(metrics, bestEpoch, epochsRun, stoppedEarly, generalizationGap, accuracyGap, diagnosis,
                diagnosisDetail, steps, device, crossValidation, ensemble, biasVariance, findings, baselines, curve,
                stopReason);
    }

    /** Per-fold validation metrics, their mean and standard deviation, and the refit's epochs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CrossValidation(List<Fold> folds, Map<String, Double> mean, Map<String, Double> std, int refitEpochs) {
    }

    public record Fold(int fold, Map<String, Double> metrics, int bestEpoch, int epochsRun) {
    }

    /**
     * Members' test metrics and weights, the ensemble's test metrics, the out-of-bag estimate (bagging) and the
     * staged test metrics after each member (boosting).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ensemble(String method, List<Member> members, Map<String, Double> metrics, Map<String, Double> outOfBag) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(int member, Map<String, Double> metrics, double weight, Double error,
                         Map<String, Double> staged) {
    }

    /**
     * Bootstrap bias-variance decomposition of the expected test loss. Regression (squared loss): bias2 + variance +
     * noise = expectedLoss. Classification (0-1 loss, Domingos 2000): bias2 is the average 0-1 bias, variance the
     * average variance, netVariance its signed contribution; bias2 + netVariance = expectedLoss (noise taken as 0).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BiasVariance(String loss, int rounds, double bias2, double variance, Double netVariance, double noise,
                               String noiseSource, double expectedLoss) {
    }
}
