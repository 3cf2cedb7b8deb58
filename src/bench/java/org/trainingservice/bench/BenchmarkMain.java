package org.trainingservice.bench;

import ai.djl.engine.Engine;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.trainingservice.TrainingServiceApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./mvnw -Pbench verify}: training throughput of our engine, bare DJL and Deeplearning4j on the same MLP and
 * data (median of interleaved repetitions), the machine's matmul rate, resident-memory growth over 20 epochs, API
 * latency with and without a training job running, where a small job's time goes from submit to result
 * ({@link StartupBench}), a 27-trial ASHA experiment's wall time against its trials' training time
 * ({@link AshaBench}), the automatic search space against a hand-tuned spec on real tables over several splits
 * ({@link AutoSearchBench}), and two nodes on one PostgreSQL under many clients ({@link LoadBench}). Writes
 * {@code results.json} and prints tables.
 */
public final class BenchmarkMain {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REPETITIONS = 5;

    private BenchmarkMain() {
    }

    /** Batch size (0: full batch) and how many samples one repetition trains on. */
    private record Row(String label, int batch, int samples, int epochs) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(out);
        Map<String, Object> results = new LinkedHashMap<>();
        // -Dbench.only=startup (./mvnw -Pbench verify -Dbench.only=startup) measures the startup section alone; asha
        // autosearch, load and speed (training speed, memory and the API) likewise, and a list (startup,asha) those
        // sections
        Set<String> only = Set.of(System.getProperty("bench.only", "all").split(","));
        boolean all = only.contains("all");
        if (all || only.contains("speed")) {
            speedMemoryAndApi(results, out);
        }
        if (all || only.contains("startup")) {
            results.put("startup", StartupBench.run(out));
        }
        if (all || only.contains("asha")) {
            results.put("asha", AshaBench.run(out));
        }
        if (all || only.contains("autosearch")) {
            results.put("autoSearch", AutoSearchBench.run(out));
        }
        if (all || only.contains("load")) {
            results.put("load", LoadBench.run(out));
        }
        Files.writeString(out.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        if (all || only.contains("speed")) {
            printTable(results);
        }
        if (results.containsKey("startup")) {
            StartupBench.print((Map<?, ?>) results.get("startup"));
        }
        if (results.containsKey("asha")) {
            AshaBench.print((Map<?, ?>) results.get("asha"));
        }
        if (results.containsKey("load")) {
            LoadBench.print((Map<?, ?>) results.get("load"));
        }
        if (results.containsKey("autoSearch")) {
            AutoSearchBench.print((Map<?, ?>) results.get("autoSearch"));
        }
        System.exit(0);
    }

    private static void speedMemoryAndApi(Map<String, Object> results, Path out) throws Exception {
        List<Row> rows = List.of(new Row("1", 1, 1500, 1), new Row("32", 32, 12_000, 1), new Row("128", 128, 30_000, 1),
                new Row("1024", 1024, 60_000, 1), new Row("full", 0, 60_000, 3));
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "engine", "PyTorch " + Engine.getInstance().getVersion(), "java", System.getProperty("java.version")));
        List<Map<String, Object>> training = new ArrayList<>();
        // ours runs as the service's training processes do; bare DJL and DL4J as a plain java command, and DJL once
        // more with the training processes' JVM flags and allocator settings, to show what those alone are worth
        try (BenchProcess ours = BenchProcess.start("ours", out, true);
             BenchProcess djl = BenchProcess.start("djl", out, false);
             BenchProcess djlTuned = BenchProcess.start("djl", out, true);
             BenchProcess dl4j = BenchProcess.start("dl4j", out, false)) {
            // the matmul rate a training process reaches (with MKL's AVX-512 kernels where it applies), measured in
            // each round of the full-batch row right after our full-batch run, and a plain java process's
            double[] matmul = new double[REPETITIONS];
            double[] matmulPlain = new double[REPETITIONS];
            double[] fullBatchShare = new double[REPETITIONS];
            for (Row row : rows) {
                String command = row.batch() + " " + row.samples() + " " + row.epochs();
                // DL4J at batch 1 runs a few hundred samples a second: a smaller sample keeps the run short
                String dl4jCommand = row.batch() == 1 ? "1 400 1" : command;
                double[][] runs = new double[4][REPETITIONS];
                for (int r = 0; r < REPETITIONS; r++) {
                    runs[0][r] = ours.ask(command);
                    if (row.batch() == 0) {
                        matmul[r] = ours.ask("matmul");
                        matmulPlain[r] = djl.ask("matmul");
                        fullBatchShare[r] = runs[0][r] * Workload.matrixFlopsPerSample() / 1e9 / matmul[r];
                    }
                    runs[1][r] = djl.ask(command);
                    runs[2][r] = djlTuned.ask(command);
                    runs[3][r] = dl4j.ask(dl4jCommand);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("batchSize", row.batch() == 0 ? "full" : row.batch());
                entry.put("ours", Map.of("samplesPerSecond", median(runs[0])));
                entry.put("djl", Map.of("samplesPerSecond", median(runs[1])));
                entry.put("djlWithTrainingProcessSettings", Map.of("samplesPerSecond", median(runs[2])));
                entry.put("dl4j", Map.of("samplesPerSecond", median(runs[3])));
                // the machine's speed drifts by tens of percent over minutes: a ratio within each round of the
                // interleaved runs compares the engines under the same conditions
                entry.put("oursOverDjl", median(ratios(runs[0], runs[1])));
                entry.put("oursOverDjlWithTrainingProcessSettings", median(ratios(runs[0], runs[2])));
                entry.put("oursOverDl4j", median(ratios(runs[0], runs[3])));
                training.add(entry);
                System.out.printf("batch %-5s ours %10.0f  djl %10.0f  djl+settings %10.0f  dl4j %10.0f samples/s%n",
                        row.label(), median(runs[0]), median(runs[1]), median(runs[2]), median(runs[3]));
            }
            results.put("training", training);
            results.put("matmulGflops", median(matmul));
            results.put("matmulGflopsPlainProcess", median(matmulPlain));
            double fullBatch = (double) ((Map<?, ?>) training.get(training.size() - 1).get("ours")).get("samplesPerSecond");
            results.put("fullBatchGflops", fullBatch * Workload.matrixFlopsPerSample() / 1e9);
            results.put("fullBatchShareOfMatmul", median(fullBatchShare));
        }
        // a training process's memory from its first epoch on: a fresh JVM set up like one
        try (BenchProcess fresh = BenchProcess.startAsFreshTrainingProcess(out)) {
            String[] rss = fresh.askAll("rss");
            Map<String, Object> memory = new LinkedHashMap<>();
            memory.put("rssGrowthPercent", Double.parseDouble(rss[0]));
            memory.put("rssMbPerEpoch", Arrays.stream(rss).skip(1).map(Long::parseLong).toList());
            results.put("memory", memory);
        }
        results.put("api", api(out));
    }

    /** The API under load from a Java client with 8 connections: idle, then while a job trains on this machine. */
    private static Map<String, Object> api(Path out) throws Exception {
        String key = "bench-admin-key";
        ConfigurableApplicationContext app = SpringApplication.run(TrainingServiceApplication.class,
                "--server.port=0", "--training.data-dir=" + out.resolve("data"), "--training.security.admin-key=" + key,
                "--training.djl-cache=" + System.getProperty("DJL_CACHE_DIR", "target/djl-cache"),
                "--spring.datasource.url=jdbc:h2:mem:bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--logging.level.root=WARN");
        try {
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            String done = submit(http, base, key, """
                    {"dataset": {"builtin": "moons", "samples": 500}, "training": {"epochs": 5}}""");
            await(http, base, key, done, "SUCCEEDED");
            var getJob = ApiLoad.get(base + "/api/v1/jobs/" + done, key);
            var predict = ApiLoad.post(base + "/api/v1/jobs/" + done + "/predict", key, "{\"instances\": [[0.5, 0.25]]}");
            ApiLoad.run(getJob, 8, Duration.ofSeconds(3)); // warm-up
            ApiLoad.run(predict, 4, Duration.ofSeconds(2));
            ApiLoad.Result idle = ApiLoad.run(getJob, 8, Duration.ofSeconds(10));
            ApiLoad.Result predictIdle = ApiLoad.run(predict, 4, Duration.ofSeconds(5));
            String training = submit(http, base, key, """
                    {"dataset": {"builtin": "moons", "samples": 50000}, "model": {"hidden": [256, 256]},
                     "training": {"epochs": 500, "batchSize": 64}}""");
            await(http, base, key, training, "RUNNING");
            Thread.sleep(3000); // into its first epochs
            ApiLoad.Result busy = ApiLoad.run(getJob, 8, Duration.ofSeconds(10));
            ApiLoad.Result predictBusy = ApiLoad.run(predict, 4, Duration.ofSeconds(5));
            http.send(ApiLoad.post(base + "/api/v1/jobs/" + training + "/cancel", key, ""), HttpResponse.BodyHandlers.discarding());
            Map<String, Object> api = new LinkedHashMap<>();
            api.put("rps", idle.rps());
            api.put("p50Ms", idle.p50Ms());
            api.put("p99Ms", idle.p99Ms());
            api.put("p99MsWhileTraining", busy.p99Ms());
            api.put("p50MsWhileTraining", busy.p50Ms());
            api.put("rpsWhileTraining", busy.rps());
            api.put("predictP50Ms", predictIdle.p50Ms());
            api.put("predictP99Ms", predictIdle.p99Ms());
            api.put("predictP99MsWhileTraining", predictBusy.p99Ms());
            api.put("errors", idle.errors() + busy.errors() + predictIdle.errors() + predictBusy.errors());
            return api;
        } finally {
            app.close();
        }
    }

    private static String submit(HttpClient http, String base, String key, String spec) throws Exception {
        HttpResponse<String> r = http.send(ApiLoad.post(base + "/api/v1/jobs", key, spec), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("id").asString();
    }

    private static void await(HttpClient http, String base, String key, String id, String status) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode job = JSON.readTree(http.send(ApiLoad.get(base + "/api/v1/jobs/" + id, key),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (job.get("status").asString().equals(status)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + id + " never reached " + status);
    }

    private static double[] ratios(double[] numerators, double[] denominators) {
        double[] ratios = new double[numerators.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerators[i] / denominators[i];
        }
        return ratios;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void printTable(Map<String, Object> results) {
        System.out.println();
        System.out.println("| batch | ours (samples/s) | bare DJL | DJL + training-process settings | DL4J | ours / DJL "
                + "| ours / (DJL + settings) | ours / DL4J |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Object o : (List<?>) results.get("training")) {
            Map<?, ?> row = (Map<?, ?>) o;
            double ours = (double) ((Map<?, ?>) row.get("ours")).get("samplesPerSecond");
            double djl = (double) ((Map<?, ?>) row.get("djl")).get("samplesPerSecond");
            double tuned = (double) ((Map<?, ?>) row.get("djlWithTrainingProcessSettings")).get("samplesPerSecond");
            double dl4j = (double) ((Map<?, ?>) row.get("dl4j")).get("samplesPerSecond");
            System.out.printf("| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.2fx | %.2fx | %.2fx |%n", row.get("batchSize"),
                    ours, djl, tuned, dl4j, (double) row.get("oursOverDjl"),
                    (double) row.get("oursOverDjlWithTrainingProcessSettings"), (double) row.get("oursOverDl4j"));
        }
        double matmul = (double) results.get("matmulGflops");
        double fullBatch = (double) results.get("fullBatchGflops");
        System.out.printf("%nmatmul 2048x2048: %.1f GFLOP/s in a training process, %.1f GFLOP/s in a plain java process; "
                + "ours at full batch: %.1f GFLOP/s of matrix products (%.0f%% of the training process's rate, "
                + "median of the rounds' ratios)%n", matmul, (double) results.get("matmulGflopsPlainProcess"), fullBatch,
                100 * (double) results.get("fullBatchShareOfMatmul"));
        System.out.println("memory: " + results.get("memory"));
        System.out.println("api: " + results.get("api"));
    }

}
