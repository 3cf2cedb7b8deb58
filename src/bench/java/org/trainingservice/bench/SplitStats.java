package org.trainingservice.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mean and spread of one figure over the splits (seeds): the sample standard deviation, the smallest and largest. */
record SplitStats(double mean, double sd, double min, double max, int n) {

    static SplitStats of(List<Double> values) {
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
        return new SplitStats(mean, sd, values.stream().mapToDouble(Double::doubleValue).min().orElse(mean),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(mean), n);
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", round(mean));
        m.put("sd", round(sd));
        m.put("min", round(min));
        m.put("max", round(max));
        return m;
    }

    String text() {
        return String.format("%.4f ± %.4f", mean, sd);
    }

    static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}
