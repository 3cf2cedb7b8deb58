package org.trainingservice.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mean and standard deviation of metric maps. */
final class Statistics {

    private Statistics() {
    }

    static Map<String, Double> mean(List<Map<String, Double>> values) {
        Map<String, Double> mean = new LinkedHashMap<>();
        for (String key : values.get(0).keySet()) {
            mean.put(key, values.stream().mapToDouble(m -> m.get(key)).average().orElse(Double.NaN));
        }
        return mean;
    }

    /** Sample standard deviation (n - 1). */
    static Map<String, Double> std(List<Map<String, Double>> values) {
        Map<String, Double> mean = mean(values);
        Map<String, Double> std = new LinkedHashMap<>();
        for (String key : mean.keySet()) {
            double squares = values.stream().mapToDouble(m -> Math.pow(m.get(key) - mean.get(key), 2)).sum();
            std.put(key, values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0.0);
        }
        return std;
    }
}
