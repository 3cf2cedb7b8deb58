package org.trainingservice.training;

import java.util.List;
import java.util.Map;
import org.trainingservice.training.spec.JobSpec;

/**
 * A teacher's reading of a run: the {@link CurveFindings} of its whole learning curve, and their one-word summary.
 * {@code diagnosis} is {@code overfitting} whenever an overfitting onset was found, {@code underfitting} when the
 * model underfits or was stopped while still improving (undertrained), and {@code good_fit} otherwise (an unstable
 * but otherwise fine run included); {@code detail} is the first finding's sentence. The gaps are those of the final
 * model: validation minus training loss, and training minus validation accuracy (classification).
 */
record FitDiagnosis(String diagnosis, String detail, double lossGap, Double accuracyGap, List<Finding> findings) {

    /**
     * @param history the main fit's per-epoch metrics
     * @param metrics the final model's metrics per split
     * @param spec the job's spec (null: generic advice)
     * @param baselines the job's baselines (null: underfitting is not judged)
     */
    public static FitDiagnosis read(MetricHistory history, Map<String, Map<String, Double>> metrics, JobSpec spec,
                                    Baselines baselines, boolean classification, int bestEpoch) {
        Map<String, Double> train = metrics.get("train");
        Map<String, Double> validation = metrics.get("validation");
        double lossGap = validation == null ? 0 : validation.get("loss") - train.get("loss");
        Double accuracyGap = classification && validation != null
                ? train.get("accuracy") - validation.get("accuracy") : null;
        List<Finding> findings = new CurveFindings(history, spec, classification, baselines, train, bestEpoch).read();
        String diagnosis = summary(findings);
        return new FitDiagnosis(diagnosis, findings.get(0).sentence(), lossGap, accuracyGap, List.copyOf(findings));
    }

    private static String summary(List<Finding> findings) {
        List<Finding.Kind> kinds = findings.stream().map(Finding::kind).toList();
        if (kinds.contains(Finding.Kind.OVERFITTING_ONSET)) {
            return "overfitting";
        }
        if (kinds.contains(Finding.Kind.UNDERFITTING) || kinds.contains(Finding.Kind.UNDERTRAINED)) {
            return "underfitting";
        }
        return "good_fit";
    }
}
