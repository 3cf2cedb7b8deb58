package org.trainingservice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.trainingservice.TrainingServiceApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16's bar for {@code "searchSpace": "auto"} ("on real tabular data, an automatic search must beat a careful
 * hand-tuned pipeline"): on each real table, for each of several seeds (each seed another stratified 60/20/20 split,
 * shared by both sides), one hand-tuned job against the best trial, by validation loss, of a TPE search over the
 * automatic space with the same epochs and early stopping. Both are then read on the test split, which neither saw;
 * the section reports every split and the mean and spread over them. Beside them, the hand-tuned spec once more with
 * 5-fold cross-validation and a refit on every non-test row, to show what the folds alone are worth (with
 * {@code -Dbench.autosearch.bagging=N}, as a bagging ensemble of N instead, as every trial of the search then is).
 *
 * <p>Tables: {@code -Dbench.autosearch.tables=<csv>[:<label column>][,...]} (scikit-learn's count-header files are
 * converted, see {@link BenchTable}), plus iris.csv from {@code -Dbench.datasets} where it is there.
 */
final class AutoSearchBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "bench-auto-key";
    static final int EPOCHS = 200;
    static final int PATIENCE = 20;
    /** 5-fold cross-validation, then a refit on every non-test row for the folds' mean best epoch. */
    private static final String FOLDS = "\"validation\": {\"strategy\": \"kfold\", \"folds\": 5}";

    /** A hand-written spec's choices; the epochs, early stopping and seed are shared with the search. */
    record HandTuned(List<Integer> hidden, String activation, double learningRate, int batchSize, double l2,
            double dropout) {

        String spec(String dataset, int seed) {
            return spec(dataset, seed, "");
        }

        /** With {@code extra} (JSON members and a trailing comma, or ""): {@link #FOLDS} or bagging. */
        String spec(String dataset, int seed, String extra) {
            return """
                    {"dataset": {"id": "%s"}, "model": {"hidden": %s, "activation": "%s", "dropout": %s},
                     %s
                     "optimizer": {"type": "adam", "learningRate": %s},
                     "training": {"epochs": %d, "batchSize": %d, "seed": %d},
                     "regularization": {"l2": %s, "earlyStopping": {"monitor": "val_loss", "patience": %d,
                                        "restoreBest": true}}}"""
                    .formatted(dataset, hidden, activation, dropout, extra, learningRate, EPOCHS,
                            batchSize, seed, l2, PATIENCE);
        }
    }

    /**
     * For a standardized table of a few hundred rows, what a practitioner writes without searching (close to
     * scikit-learn's MLPClassifier defaults: relu, Adam at 1e-3, L2 1e-4, early stopping): one relu layer of 32 (wider
     * than the 13 or 30 features, narrow for ~100-350 training rows), batches of 32, a little dropout.
     */
    static final HandTuned RECIPE = new HandTuned(List.of(32), "relu", 0.001, 32, 0.0001, 0.1);
    /** Iris (4 features, 90 training rows), as this section first had it: one tanh layer of 16, Adam at 0.01. */
    static final HandTuned IRIS = new HandTuned(List.of(16), "tanh", 0.01, 16, 0.0001, 0.0);

    private AutoSearchBench() {
    }

    static Map<String, Object> run(Path out) throws Exception {
        List<BenchTable> tables = BenchTable.fromProperties(out.resolve("auto-search-tables"));
        Map<String, Object> section = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            section.put("skipped", "no table: give -Dbench.autosearch.tables=<csv>[:<label column>][,...] (e.g. "
                    + "breast_cancer.csv and wine_data.csv unzipped from scikit-learn's wheel, see README) or "
                    + "-Dbench.datasets=<folder with iris.csv>");
            System.out.println("autosearch: skipped, " + section.get("skipped"));
            return section;
        }
        int seeds = Integer.getInteger("bench.autosearch.seeds", 5);
        // a confirming run takes splits that played no part in choosing the automatic space (6 onwards)
        int firstSeed = Integer.getInteger("bench.autosearch.first-seed", 1);
        int trials = Integer.getInteger("bench.autosearch.trials", 20);
        section.put("setup", Map.of("seeds", seeds, "firstSeed", firstSeed,
                "split", "stratified 60/20/20, one split per seed (training.seed)",
                "search", "tpe, " + trials + " trials, 2 at once, searcher seed = split seed, best by val_loss"
                        + (bagging() > 0 ? ", each trial a bagging ensemble of " + bagging() + " on the holdout"
                        : searchOnFolds() ? ", each trial scored by 5-fold cross-validation and refit"
                        : ", each trial on the split's holdout"),
                "shared", "epochs " + EPOCHS + ", early stopping on val_loss, patience " + PATIENCE
                        + ", best weights restored; inputs standardized on the training rows (always on)"));
        section.put("loadAverageBefore", loadAverage());
        ConfigurableApplicationContext app = SpringApplication.run(TrainingServiceApplication.class,
                "--server.port=0", "--training.data-dir=" + out.resolve("auto-search"),
                "--training.security.admin-key=" + KEY, "--training.worker.slots=2",
                // a table's whole test split in one prediction request (a fifth of fair.csv is 1,273 rows)
                "--training.inference.max-instances=100000",
                "--training.djl-cache=" + System.getProperty("DJL_CACHE_DIR", "target/djl-cache"),
                "--spring.datasource.url=jdbc:h2:mem:auto-search;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN");
        try {
            BenchClient api = new BenchClient("http://localhost:"
                    + app.getEnvironment().getProperty("local.server.port"), KEY);
            List<Map<String, Object>> results = new ArrayList<>();
            for (BenchTable table : tables) {
                results.add(table(api, table, firstSeed, seeds, trials));
            }
            section.put("tables", results);
        } finally {
            app.close();
        }
        section.put("loadAverageAfter", loadAverage());
        return section;
    }

    private static Map<String, Object> table(BenchClient api, BenchTable table, int firstSeed, int seeds, int trials)
            throws Exception {
        HandTuned hand = table.name().equals("iris") ? IRIS : RECIPE;
        TopTrialsEnsemble ensemble = new TopTrialsEnsemble(table);
        String dataset = api.upload(table.name(), table.csv(), table.target());
        List<Map<String, Object>> splits = new ArrayList<>();
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
            long started = System.nanoTime();
            String job = api.create("/api/v1/jobs", hand.spec(dataset, seed));
            // the control: what the search's extra (5 folds and a refit, or bagging) gives the hand-tuned spec alone
            String controlJob = api.create("/api/v1/jobs", hand.spec(dataset, seed, control()));
            String experiment = api.create("/api/v1/experiments", """
                    {"name": "bench-%s-auto-%d", "baseSpec": {"dataset": {"id": "%s"}, %s
                       "training": {"epochs": %d, "seed": %d},
                       "regularization": {"earlyStopping": {"monitor": "val_loss", "patience": %d, "restoreBest": true}}},
                     "searchSpace": "auto",
                     "searcher": {"type": "tpe", "maxTrials": %d, "maxConcurrentTrials": 2, "seed": %d},
                     "objective": {"metric": "val_loss"}}"""
                    .formatted(table.name(), seed, dataset, searchExtra(), EPOCHS, seed, PATIENCE, trials,
                            seed));
            JsonNode handJob = api.await("/api/v1/jobs/" + job);
            JsonNode handResult = handJob.get("result").get("metrics");
            JsonNode handControl = api.await("/api/v1/jobs/" + controlJob);
            JsonNode auto = api.await("/api/v1/experiments/" + experiment);
            JsonNode best = auto.get("best");
            JsonNode bestJob = api.await("/api/v1/jobs/" + best.get("jobId").asString());
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("seed", seed);
            split.put("handTuned", Map.of("test", handResult.get("test"), "validation", handResult.get("validation"),
                    "epochs", epochs(handJob), "nearestNeighboursTest", handJob.get("result").path("baselines")
                            .path("nearestNeighbours").path("test")));
            split.put(controlKey(), Map.of("test", handControl.get("result").get("metrics").get("test"),
                    "validation", handControl.get("result").get("metrics").get("validation"),
                    "epochs", epochs(handControl)));
            split.put("autoBest", Map.of("trialNumber", best.get("trialNumber").asInt(),
                    "hyperparameters", best.get("hyperparameters"), "test", best.get("metrics").get("test"),
                    "validation", best.get("metrics").get("validation"), "epochs", epochs(bestJob)));
            split.put("autoTopTrials", ensemble.measure(api, experiment, seed));
            split.put("autoTrials", auto.get("progress").get("trials").asInt());
            split.put("autoLeaderboard", leaderboard(api, experiment));
            split.put("seconds", Math.round((System.nanoTime() - started) / 1e9));
            splits.add(split);
            System.out.printf("autosearch %s seed %d: hand test %s, %s test %s, auto best (trial "
                    + "%d) test %s, %d s%n", table.name(), seed, handResult.get("test"), controlKey(),
                    handControl.get("result").get("metrics").get("test"), best.get("trialNumber").asInt(),
                    best.get("metrics").get("test"), split.get("seconds"));
            System.out.printf("autosearch %s seed %d: the best trials' averaged probabilities on the test rows %s%n",
                    table.name(), seed, split.get("autoTopTrials"));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("table", table.describe());
        result.put("testRowsAbout", Math.round(table.rows() * 0.2));
        result.put("handTunedSpec", JSON.readTree(hand.spec("<" + table.name() + ">", 1)));
        result.put("summary", summary(splits));
        result.put("splits", splits);
        return result;
    }

    /** Mean and spread of test accuracy and loss for both sides, and of the paired difference (auto minus hand). */
    private static Map<String, Object> summary(List<Map<String, Object>> splits) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String metric : List.of("accuracy", "loss")) {
            List<Double> hand = values(splits, "handTuned", "test", metric);
            List<Double> auto = values(splits, "autoBest", "test", metric);
            List<Double> diff = minus(auto, hand);
            Function<Integer, Boolean> autoBetter = i -> metric.equals("loss") ? auto.get(i) < hand.get(i)
                    : auto.get(i) > hand.get(i);
            long wins = java.util.stream.IntStream.range(0, hand.size()).filter(autoBetter::apply).count();
            long ties = java.util.stream.IntStream.range(0, hand.size())
                    .filter(i -> auto.get(i).equals(hand.get(i))).count();
            List<Double> control = values(splits, controlKey(), "test", metric);
            List<Double> diffControl = minus(auto, control);
            summary.put("test_" + metric, Map.of("handTuned", SplitStats.of(hand).json(),
                    "autoBest", SplitStats.of(auto).json(), "autoMinusHand", SplitStats.of(diff).json(),
                    "splitsAutoBetter", wins, "splitsTied", ties, controlKey(), SplitStats.of(control).json(),
                    bagging() > 0 ? "autoMinusHandBagged" : "autoMinusHandFolds", SplitStats.of(diffControl).json()));
        }
        summary.put("validation_loss", Map.of("handTuned", SplitStats.of(values(splits, "handTuned", "validation",
                "loss")).json(), "autoBest", SplitStats.of(values(splits, "autoBest", "validation", "loss")).json()));
        return summary;
    }

    /** The paired differences {@code a[i] - b[i]} of two sides over the same splits. */
    private static List<Double> minus(List<Double> a, List<Double> b) {
        return java.util.stream.IntStream.range(0, a.size()).mapToObj(i -> a.get(i) - b.get(i)).toList();
    }

    /**
     * Every trial by validation loss, with only its validation figures: what the search saw, to read the space by
     * (the test split is for the final comparison only).
     */
    private static List<Map<String, Object>> leaderboard(BenchClient api, String experiment) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode t : api.get("/api/v1/experiments/" + experiment + "/trials?sort=objective&order=best&size=100")
                .get("items")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("trial", t.get("trialNumber").asInt());
            row.put("hyperparameters", t.get("hyperparameters"));
            row.put("validation", t.path("metrics").path("validation"));
            row.put("bestEpoch", t.path("bestEpoch").asInt());
            row.put("epochsRun", t.path("epochsRun").asInt());
            row.put("diagnosis", t.path("diagnosis").asString(""));
            rows.add(row);
        }
        return rows;
    }

    /** Best and run epochs, and the job's seconds from start to finish, as its status reports them. */
    private static String epochs(JsonNode job) {
        JsonNode r = job.get("result");
        long seconds = java.time.Duration.between(java.time.Instant.parse(job.get("startedAt").asString()),
                java.time.Instant.parse(job.get("finishedAt").asString())).toSeconds();
        return "best " + r.path("bestEpoch").asInt() + " of " + r.path("epochsRun").asInt() + " run, " + seconds
                + " s";
    }

    @SuppressWarnings("unchecked")
    private static List<Double> values(List<Map<String, Object>> splits, String side, String split, String metric) {
        return splits.stream().map(s -> ((Map<String, JsonNode>) s.get(side)).get(split).get(metric).asDouble())
                .toList();
    }

    /**
     * {@code -Dbench.autosearch.validation=kfold}: the search's trials are scored by 5-fold cross-validation and refit
     * on every non-test row, as the hand-tuned control beside it always is; by default they use the split's holdout.
     */
    private static boolean searchOnFolds() {
        return "kfold".equals(System.getProperty("bench.autosearch.validation"));
    }

    /**
     * {@code -Dbench.autosearch.bagging=N}: each trial a bagging ensemble of N members (scored and answering as the
     * ensemble), and the control beside the hand-tuned spec is the same bagging instead of the folds.
     */
    private static int bagging() {
        return Integer.getInteger("bench.autosearch.bagging", 0);
    }

    private static String searchExtra() {
        return bagging() > 0 ? control() : searchOnFolds() ? FOLDS + "," : "";
    }

    private static String control() {
        return bagging() > 0 ? "\"ensemble\": {\"method\": \"bagging\", \"members\": " + bagging() + "}," : FOLDS + ",";
    }

    private static String controlKey() {
        return bagging() > 0 ? "handTunedBagged" : "handTunedFolds";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static void print(Map<?, ?> section) {
        System.out.printf("%nauto search against a hand-tuned spec:%n");
        if (!(section.get("tables") instanceof List<?> tables)) {
            System.out.println(JSON.writeValueAsString(section));
            return;
        }
        for (Object t : tables) {
            Map<?, ?> table = (Map<?, ?>) t;
            Map<?, ?> summary = (Map<?, ?>) table.get("summary");
            System.out.printf("%s (%s splits): %s%n", table.get("table"), ((List<?>) table.get("splits")).size(),
                    JSON.writeValueAsString(summary));
        }
        System.out.println("load average before/after: " + section.get("loadAverageBefore") + " / "
                + section.get("loadAverageAfter"));
    }
}
