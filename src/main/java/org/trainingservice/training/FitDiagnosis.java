package org.trainingservice.training;

import java.util.Map;

/**
 * A teacher's reading of the final metrics.
 *
 * <p>Classification: <b>overfitting</b> when training accuracy exceeds validation accuracy by more than 0.10, or the
 * validation loss exceeds the training loss by more than 50% of it (and by at least 0.1); otherwise
 * <b>underfitting</b> when training accuracy is below 0.80; otherwise <b>good_fit</b>. Regression, on R²:
 * <b>overfitting</b> when training R² exceeds validation R² by more than 0.10; <b>underfitting</b> when training R² is
 * below 0.80; otherwise <b>good_fit</b>.
 */
public record FitDiagnosis(String diagnosis, String detail, double lossGap, Double accuracyGap) {

    static final double GAP_LIMIT = 0.10;
    static final double UNDERFIT_LIMIT = 0.80;

    public static FitDiagnosis of(Map<String, Double> train, Map<String, Double> validation, boolean classification) {
        double lossGap = validation.get("loss") - train.get("loss");
        if (classification) {
            double trainAcc = train.get("accuracy");
            double accGap = trainAcc - validation.get("accuracy");
            boolean lossBlowup = lossGap > 0.1 && lossGap > 0.5 * train.get("loss");
            if (accGap > GAP_LIMIT || lossBlowup) {
                return new FitDiagnosis("overfitting", String.format(
                        "Training accuracy %.3f is well above validation accuracy %.3f (validation loss %.3f vs training %.3f): "
                                + "add regularization (dropout, l2, early stopping), use a smaller model or more data.",
                        trainAcc, validation.get("accuracy"), validation.get("loss"), train.get("loss")), lossGap, accGap);
            }
            if (trainAcc < UNDERFIT_LIMIT) {
                return new FitDiagnosis("underfitting", String.format(
                        "Even training accuracy is only %.3f: use a bigger model, train for more epochs or raise the learning rate.",
                        trainAcc), lossGap, accGap);
            }
            return new FitDiagnosis("good_fit", String.format(
                    "Training and validation accuracy are close (%.3f vs %.3f) and high: the model generalizes.",
                    trainAcc, validation.get("accuracy")), lossGap, accGap);
        }
        double trainR2 = train.get("r2");
        double r2Gap = trainR2 - validation.get("r2");
        if (r2Gap > GAP_LIMIT) {
            return new FitDiagnosis("overfitting", String.format(
                    "Training R² %.3f is well above validation R² %.3f: add regularization, use a smaller model or more data.",
                    trainR2, validation.get("r2")), lossGap, null);
        }
        if (trainR2 < UNDERFIT_LIMIT) {
            return new FitDiagnosis("underfitting", String.format(
                    "Even training R² is only %.3f: use a bigger model, train for more epochs or raise the learning rate.",
                    trainR2), lossGap, null);
        }
        return new FitDiagnosis("good_fit", String.format(
                "Training and validation R² are close (%.3f vs %.3f) and high: the model generalizes.",
                trainR2, validation.get("r2")), lossGap, null);
    }
}
