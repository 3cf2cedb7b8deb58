package org.trainingservice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.trainingservice.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * The prediction endpoint's answers for every row of a job's dataset, and the job's reported train, validation and
 * test metrics recomputed from them: over all rows, a split's metric weighs in with the split's number of rows, so
 * the answers recompute the rows predicted right (and the summed loss or squared error) that the job reported.
 */
record AllRowPredictions(List<String> classes, List<String> labels, List<double[]> probabilities, double[] values) {

    /** Asks for the predictions of {@code instances} (JSON arrays of raw values), {@code batch} at a time. */
    static AllRowPredictions of(Api api, String job, List<String> instances, int batch) {
        List<String> classes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<double[]> probabilities = new ArrayList<>();
        double[] values = new double[instances.size()];
        for (int from = 0; from < instances.size(); from += batch) {
            List<String> part = instances.subList(from, Math.min(instances.size(), from + batch));
            Api.Response r = api.post("/api/v1/jobs/" + job + "/predict", "{\"instances\": [" + String.join(",", part) + "]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode answer = r.json();
            classes.clear();
            answer.path("classes").forEach(c -> classes.add(c.asString()));
            for (int i = 0; i < part.size(); i++) {
                JsonNode prediction = answer.get("predictions").get(i);
                labels.add(prediction.asString());
                values[from + i] = prediction.isNumber() ? prediction.asDouble() : Double.NaN;
                if (answer.hasNonNull("probabilities")) {
                    JsonNode row = answer.get("probabilities").get(i);
                    double[] p = new double[row.size()];
                    for (int k = 0; k < p.length; k++) {
                        p[k] = row.get(k).asDouble();
                    }
                    probabilities.add(p);
                }
            }
        }
        return new AllRowPredictions(List.copyOf(classes), labels, probabilities, values);
    }

    /** Rows of train, validation and test in a stratified holdout: each class's share rounded, as the splitter does. */
    static int[] stratifiedSizes(int[] classCounts, double validationFraction, double testFraction) {
        int[] sizes = new int[3];
        for (int count : classCounts) {
            int test = (int) Math.round(count * testFraction);
            int validation = (int) Math.round(count * validationFraction);
            sizes[0] += count - test - validation;
            sizes[1] += validation;
            sizes[2] += test;
        }
        return sizes;
    }

    /**
     * Classification: the rows predicted right (the class of the largest probability, which is also the label
     * answered) are the splits' accuracies times their rows, and the summed cross-entropy their losses times their rows.
     * {@code targets} are class indices in {@link #classes()}' order.
     */
    void assertClassificationMetrics(JsonNode metrics, int[] sizes, int[] targets) {
        int correct = 0;
        double loss = 0;
        for (int r = 0; r < targets.length; r++) {
            double[] p = probabilities.get(r);
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                best = p[k] > p[best] ? k : best;
            }
            assertThat(labels.get(r)).isEqualTo(classes.get(best));
            correct += best == targets[r] ? 1 : 0;
            loss -= Math.log(p[targets[r]]);
        }
        assertThat((double) correct).as("rows predicted right").isCloseTo(weighted(metrics, "accuracy", sizes), within(1e-6));
        assertThat(loss).as("summed cross-entropy").isCloseTo(weighted(metrics, "loss", sizes), within(1e-3 * targets.length));
    }

    /** Regression: the summed squared and absolute errors are the splits' rmse² and mae times their rows. */
    void assertRegressionMetrics(JsonNode metrics, int[] sizes, double[] targets) {
        double squares = 0;
        double absolute = 0;
        for (int r = 0; r < targets.length; r++) {
            squares += (values[r] - targets[r]) * (values[r] - targets[r]);
            absolute += Math.abs(values[r] - targets[r]);
        }
        double expectedSquares = 0;
        String[] splits = {"train", "validation", "test"};
        for (int s = 0; s < 3; s++) {
            if (sizes[s] > 0) {
                double rmse = metrics.get(splits[s]).get("rmse").asDouble();
                expectedSquares += rmse * rmse * sizes[s];
            }
        }
        assertThat(squares).as("summed squared error").isCloseTo(expectedSquares, within(1e-4 * expectedSquares));
        double expectedAbsolute = weighted(metrics, "mae", sizes);
        assertThat(absolute).as("summed absolute error").isCloseTo(expectedAbsolute, within(1e-4 * expectedAbsolute));
    }

    /** A metric of each split that has rows, times its rows, summed. */
    private static double weighted(JsonNode metrics, String metric, int[] sizes) {
        String[] splits = {"train", "validation", "test"};
        double sum = 0;
        for (int s = 0; s < 3; s++) {
            if (sizes[s] > 0) {
                sum += metrics.get(splits[s]).get(metric).asDouble() * sizes[s];
            }
        }
        return sum;
    }
}
