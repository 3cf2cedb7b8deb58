package org.trainingservice.bench;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test log-loss and accuracy of an experiment's {@code predict?ensemble=k} answer (the mean of the predicted
 * class probabilities of its best {@code k} trials by validation loss) for k = 1, 3, 5, 10 and 20 (as far as the
 * experiment has that many trials). The test rows are the split's own, found as the service finds them (the same
 * stratified split of the same seed over the classes in the service's order); the ensemble of one, the best trial
 * alone, must give back the test loss the service reported for it, which checks the rows. A probability the predict
 * answer gives as 0 counts as 1e-12 here, where the service's own loss, computed in log space, is exact.
 */
final class TopTrialsEnsemble {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String[]> rows = new ArrayList<>();
    private final int target;
    private final int[] labels;
    private final List<String> classes;

    TopTrialsEnsemble(BenchTable table) throws Exception {
        List<String> lines = Files.readAllLines(table.csv(), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        target = List.of(lines.get(0).split(",")).indexOf(table.target());
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(","));
        }
        // text classes in sorted order, as the service numbers them
        classes = List.copyOf(new TreeSet<>(rows.stream().map(r -> r[target].trim()).toList()));
        labels = rows.stream().mapToInt(r -> classes.indexOf(r[target].trim())).toArray();
    }

    /** Test loss and accuracy of the best k trials' averaged probabilities on split {@code seed}, for each k above. */
    Map<String, Object> measure(BenchClient api, String experiment, int seed) throws Exception {
        int[] test = testRows(seed);
        List<Object> instances = new ArrayList<>();
        for (int row : test) {
            List<Double> values = new ArrayList<>();
            for (int c = 0; c < rows.get(row).length; c++) {
                if (c != target) {
                    values.add(Double.parseDouble(rows.get(row)[c]));
                }
            }
            instances.add(values);
        }
        String body = JSON.writeValueAsString(Map.of("instances", instances));
        Map<String, Object> result = new LinkedHashMap<>();
        for (int k : new int[] {1, 3, 5, 10, 20}) {
            JsonNode answer = api.post("/api/v1/experiments/" + experiment + "/predict?ensemble=" + k, body);
            if (answer.get("trials").size() < k) {
                break;
            }
            List<String> order = new ArrayList<>();
            answer.get("classes").forEach(c -> order.add(c.asString()));
            double[][] p = new double[test.length][classes.size()];
            for (int i = 0; i < test.length; i++) {
                for (int c = 0; c < order.size(); c++) {
                    p[i][classes.indexOf(order.get(c))] = answer.get("probabilities").get(i).get(c).asDouble();
                }
            }
            result.put("top" + k, score(p, test));
        }
        return result;
    }

    /**
     * The split's test rows from the service's own splitter (package-private to the training module, so reached by
     * reflection here: a copy of it could drift, and the best trial's reported loss checks the rows either way).
     */
    private int[] testRows(int seed) throws Exception {
        Method holdout = Class.forName("org.trainingservice.training.Splitter").getDeclaredMethod("holdout",
                int.class, int[].class, double.class, double.class, long.class);
        holdout.setAccessible(true);
        Object split = holdout.invoke(null, rows.size(), labels, 0.2, 0.2, (long) seed);
        Method test = split.getClass().getDeclaredMethod("test");
        test.setAccessible(true);
        return (int[]) test.invoke(split);
    }

    private Map<String, Double> score(double[][] p, int[] test) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < test.length; i++) {
            int argmax = 0;
            for (int c = 1; c < p[i].length; c++) {
                argmax = p[i][c] > p[i][argmax] ? c : argmax;
            }
            correct += argmax == labels[test[i]] ? 1 : 0;
            loss -= Math.log(Math.max(p[i][labels[test[i]]], 1e-12)) / test.length;
        }
        return Map.of("loss", loss, "accuracy", (double) correct / test.length);
    }
}
