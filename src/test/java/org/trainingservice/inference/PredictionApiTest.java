package org.trainingservice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SharedDatasets;
import tools.jackson.databind.JsonNode;

/**
 * Predictions over HTTP: a single network, bagging, boosting (SAMME and gradient), a k-fold job's refit and a CNN on
 * images, each recomputed from the job's own report or from the members in its downloaded archive.
 */
class PredictionApiTest extends IntegrationTest {

    private static String irisJob;
    private static String irisDataset;

    @BeforeEach
    void trainIrisOnce() {
        if (irisJob != null) {
            return;
        }
        Api.Response upload = api.postMultipart("/api/v1/datasets", Map.of("name", "iris", "target", "species"),
                Map.of("file", SharedDatasets.read("iris.csv")));
        assertThat(upload.status()).isEqualTo(201);
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [16]}, "optimizer": {"learningRate": 0.02},
                 "training": {"epochs": 60, "batchSize": 16, "seed": 3}}""".formatted(upload.json().get("id").asString()));
        assertThat(awaitFinal(job, Duration.ofSeconds(120)).get("status").asString()).isEqualTo("SUCCEEDED");
        irisJob = job;
        irisDataset = upload.json().get("id").asString();
    }

    private JsonNode predict(String job, String body) {
        Api.Response r = api.post("/api/v1/jobs/" + job + "/predict", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void irisPredictsItsOwnLabelsFromArraysAndObjects() {
        JsonNode answer = predict(irisJob, """
                {"instances": [[5.1, 3.5, 1.4, 0.2], [5.9, 3.0, 4.2, 1.5], [6.7, 3.0, 5.2, 2.3],
                  {"sepal_length": 5.0, "sepal_width": 3.4, "petal_length": 1.5, "petal_width": 0.2},
                  {"petal_width": 2.5, "petal_length": 6.0, "sepal_width": 3.3, "sepal_length": 6.3}]}""");
        List<String> labels = new ArrayList<>();
        answer.get("predictions").forEach(p -> labels.add(p.asString()));
        assertThat(labels).containsExactly("setosa", "versicolor", "virginica", "setosa", "virginica");
        assertThat(answer.get("classes").toString()).isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
        for (JsonNode row : answer.get("probabilities")) {
            double sum = 0;
            for (JsonNode p : row) {
                sum += p.asDouble();
            }
            assertThat(sum).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void badInstancesAndUnfinishedJobsGetClearErrors() {
        Api.Response wrongCount = api.post("/api/v1/jobs/" + irisJob + "/predict", "{\"instances\": [[5.1, 3.5]]}");
        assertThat(wrongCount.status()).isEqualTo(400);
        assertThat(wrongCount.json().get("detail").asString()).contains("instances[0]").contains("expected 4")
                .contains("sepal_length");
        Api.Response unknown = api.post("/api/v1/jobs/" + irisJob + "/predict", "{\"instances\": [{\"colour\": \"red\"}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("unknown column 'colour'");
        assertThat(api.post("/api/v1/jobs/" + irisJob + "/predict", "{\"instances\": []}").status()).isEqualTo(400);
        Api.Response text = api.post("/api/v1/jobs/" + irisJob + "/predict", "{\"instances\": [[\"wide\", 3.5, 1.4, 0.2]]}");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("detail").asString()).contains("sepal_length").contains("numeric");
        // missing values are imputed as in training
        assertThat(predict(irisJob, "{\"instances\": [{\"petal_length\": 1.4, \"petal_width\": 0.2}]}")
                .get("predictions").get(0).asString()).isEqualTo("setosa");

        String queued = submit("{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 3000, \"batchMode\": \"stochastic\"}}");
        Api.Response notDone = api.post("/api/v1/jobs/" + queued + "/predict", "{\"instances\": [[0, 0]]}");
        assertThat(notDone.status()).isEqualTo(409);
        assertThat(notDone.json().get("detail").asString()).contains("SUCCEEDED");
        assertThat(api.get("/api/v1/jobs/" + queued + "/model").status()).isEqualTo(409);
        api.post("/api/v1/jobs/" + queued + "/cancel", "");
        awaitFinal(queued, Duration.ofSeconds(30));
        assertThat(api.post("/api/v1/jobs/00000000-0000-0000-0000-000000000000/predict", "{\"instances\": [[0, 0]]}").status())
                .isEqualTo(404);
    }

    @Test
    void regressionPredictsInTheTargetsUnits() {
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [16]}, "optimizer": {"learningRate": 0.01},
                 "training": {"epochs": 60}}""".formatted(uploadPrices()));
        assertThat(awaitFinal(job, Duration.ofSeconds(120)).get("status").asString()).isEqualTo("SUCCEEDED");
        double predicted = predict(job, "{\"instances\": [[100]]}").get("predictions").get(0).asDouble();
        assertThat(predicted).isCloseTo(320_000, within(15_000.0));
    }

    @Test
    void baggingPredictionsAreTheAverageOfItsMembers() throws Exception {
        String job = submit("""
                {"dataset": {"builtin": "moons", "samples": 300, "noise": 0.3}, "model": {"hidden": [16]},
                 "training": {"epochs": 10}, "ensemble": {"method": "bagging", "members": 3}}""");
        assertThat(awaitFinal(job, Duration.ofSeconds(120)).get("status").asString()).isEqualTo("SUCCEEDED");
        double[][] points = {{0.0, 0.5}, {1.0, -0.3}, {0.5, 0.25}};
        JsonNode answer = predict(job, "{\"instances\": [[0.0, 0.5], [1.0, -0.3], {\"x1\": 0.5, \"x2\": 0.25}]}");
        DownloadedModel archive = DownloadedModel.of(api, job);
        assertThat(archive.members()).hasSize(3);
        for (int i = 0; i < points.length; i++) {
            double[] mean = new double[2];
            for (var member : archive.members()) {
                double[] p = DownloadedModel.softmax(archive.forward(member, points[i]));
                mean[0] += p[0] / 3;
                mean[1] += p[1] / 3;
            }
            assertThat(answer.get("probabilities").get(i).get(0).asDouble()).isCloseTo(mean[0], within(1e-5));
            assertThat(answer.get("probabilities").get(i).get(1).asDouble()).isCloseTo(mean[1], within(1e-5));
        }
        archive.close();
    }

    @Test
    void theDownloadedArchiveLoadsWithDjlAndPredictsLikeTheEndpoint() throws Exception {
        DownloadedModel archive = DownloadedModel.of(api, irisJob);
        assertThat(archive.files()).contains("model.json", "preprocessing.json", "encoding.json", "spec.json",
                "member-1-0000.params", "README.txt");
        double[] row = {6.7, 3.0, 5.2, 2.3};
        double[] local = DownloadedModel.softmax(archive.forward(archive.members().get(0), row));
        JsonNode endpoint = predict(irisJob, "{\"instances\": [[6.7, 3.0, 5.2, 2.3]]}").get("probabilities").get(0);
        for (int k = 0; k < 3; k++) {
            assertThat(local[k]).isCloseTo(endpoint.get(k).asDouble(), within(1e-5));
        }
        archive.close();
    }

    @Test
    void boostingPredictsTheWeightedVoteOfItsMembersAndItsReportedAccuracies() throws Exception {
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [4]}, "optimizer": {"learningRate": 0.05},
                 "training": {"epochs": 3, "batchSize": 16, "seed": 5}, "ensemble": {"method": "boosting", "members": 3}}"""
                .formatted(irisDataset));
        JsonNode result = succeeded(job);
        List<String[]> iris = irisRows();
        AllRowPredictions answers = AllRowPredictions.of(api, job,
                iris.stream().map(r -> "[" + String.join(",", Arrays.copyOf(r, 4)) + "]").toList(), 150);
        int[] targets = iris.stream().mapToInt(r -> answers.classes().indexOf(r[4])).toArray();
        answers.assertClassificationMetrics(result.get("metrics"),
                AllRowPredictions.stratifiedSizes(new int[]{50, 50, 50}, 0.2, 0.2), targets);
        try (DownloadedModel archive = DownloadedModel.of(api, job)) {
            assertThat(archive.description().get("combination").asString()).isEqualTo("SAMME");
            double[] weights = archive.weights();
            assertThat(weights).hasSize(3);
            for (int m = 0; m < 3; m++) {
                double reported = result.get("ensemble").get("members").get(m).get("weight").asDouble();
                assertThat(weights[m]).isCloseTo(reported, within(1e-9));
            }
            boolean disagree = false;
            for (int r = 0; r < iris.size(); r++) {
                double[] row = Arrays.stream(iris.get(r), 0, 4).mapToDouble(Double::parseDouble).toArray();
                double[] votes = new double[3];
                int first = DownloadedModel.argmax(archive.forward(archive.members().get(0), row));
                for (int m = 0; m < 3; m++) {
                    int vote = DownloadedModel.argmax(archive.forward(archive.members().get(m), row));
                    votes[vote] += weights[m] / Arrays.stream(weights).sum();
                    disagree |= vote != first;
                }
                double clipped = Arrays.stream(votes).map(v -> Math.max(v, 1e-7)).sum();
                for (int k = 0; k < 3; k++) {
                    assertThat(answers.probabilities().get(r)[k]).as("row %d class %d", r, k)
                            .isCloseTo(Math.max(votes[k], 1e-7) / clipped, within(1e-5));
                }
            }
            assertThat(disagree).as("the members disagree on some row: the vote is not one member's").isTrue();
        }
    }

    @Test
    void gradientBoostingPredictsTheShrunkSumOfItsMembersAndItsReportedErrors() throws Exception {
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [8]}, "optimizer": {"learningRate": 0.01},
                 "training": {"epochs": 8}, "ensemble": {"method": "boosting", "members": 2, "shrinkage": 0.5}}"""
                .formatted(uploadPrices()));
        JsonNode result = succeeded(job);
        List<String> instances = new ArrayList<>();
        double[] targets = new double[300];
        for (int i = 0; i < 300; i++) {
            instances.add("[" + area(i) + "]");
            targets[i] = 3000 * area(i) + 20_000;
        }
        AllRowPredictions answers = AllRowPredictions.of(api, job, instances, 300);
        answers.assertRegressionMetrics(result.get("metrics"), new int[]{180, 60, 60}, targets);
        try (DownloadedModel archive = DownloadedModel.of(api, job)) {
            assertThat(archive.description().get("combination").asString()).isEqualTo("ADDITIVE");
            assertThat(archive.weights()).containsExactly(0.5, 0.5);
            for (int i = 0; i < 300; i += 7) {
                double sum = 0;
                for (int m = 0; m < 2; m++) {
                    sum += 0.5 * archive.forward(archive.members().get(m), new double[]{area(i)})[0];
                }
                double own = archive.preprocessing().inverseTarget(sum);
                assertThat(answers.values()[i]).isCloseTo(own, within(1e-5 * Math.abs(own)));
                double first = archive.preprocessing().inverseTarget(
                        archive.forward(archive.members().get(0), new double[]{area(i)})[0]);
                assertThat(Math.abs(answers.values()[i] - first)).as("member 1 alone").isGreaterThan(1);
            }
        }
    }

    @Test
    void aKFoldJobPredictsWithItsRefitOnAllRows() {
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [8]}, "optimizer": {"learningRate": 0.02},
                 "training": {"epochs": 10, "batchSize": 16, "seed": 7},
                 "validation": {"strategy": "kfold", "folds": 3, "testFraction": 0}}"""
                .formatted(irisDataset));
        JsonNode result = succeeded(job);
        assertThat(result.get("metrics").has("test")).isFalse();
        assertThat(result.get("metrics").get("validation")).isEqualTo(result.get("crossValidation").get("mean"));
        List<String[]> iris = irisRows();
        AllRowPredictions answers = AllRowPredictions.of(api, job,
                iris.stream().map(r -> "[" + String.join(",", Arrays.copyOf(r, 4)) + "]").toList(), 150);
        int[] targets = iris.stream().mapToInt(r -> answers.classes().indexOf(r[4])).toArray();
        // without test rows the refit trained on all 150 rows, and its training metrics are theirs
        answers.assertClassificationMetrics(result.get("metrics"), new int[]{150, 0, 0}, targets);
    }

    @Test
    void aCnnPredictsTheDigitsOfItsImagesAtTheAccuraciesItReported() {
        MnistSample mnist = MnistSample.first(400);
        Api.Response upload = api.postMultipart("/api/v1/datasets", Map.of("name", "mnist-400"),
                Map.of("images", mnist.imageFile(), "labels", mnist.labelFile()));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"type": "cnn", "channels": [4, 8], "hidden": [16]},
                 "optimizer": {"type": "adam", "learningRate": 0.005}, "training": {"epochs": 4, "batchSize": 16, "seed": 2}}"""
                .formatted(upload.json().get("id").asString()));
        JsonNode metrics = succeeded(job).get("metrics");
        assertThat(metrics.get("test").get("accuracy").asDouble()).as("it learned digits").isGreaterThan(0.3);
        AllRowPredictions answers = AllRowPredictions.of(api, job, mnist.instances(), 100);
        assertThat(answers.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        answers.assertClassificationMetrics(metrics, AllRowPredictions.stratifiedSizes(mnist.countPerDigit(), 0.2, 0.2),
                mnist.digits());
    }

    private JsonNode succeeded(String job) {
        JsonNode done = awaitFinal(job, Duration.ofSeconds(180));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return done.get("result");
    }

    /** Prices linear in the area: 300 rows, the areas 50..199 in a fixed shuffled order. */
    private String uploadPrices() {
        StringBuilder csv = new StringBuilder("area,price\n");
        for (int i = 0; i < 300; i++) {
            csv.append(area(i)).append(',').append(3000 * area(i) + 20_000).append('\n');
        }
        Api.Response upload = api.postMultipart("/api/v1/datasets", Map.of("name", "linear-prices", "target", "price"),
                Map.of("file", csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        return upload.json().get("id").asString();
    }

    private static double area(int i) {
        return 50 + (i * 37 % 150);
    }

    /** The iris rows as the CSV has them: four raw feature texts and the species. */
    private static List<String[]> irisRows() {
        String[] lines = new String(SharedDatasets.read("iris.csv"), StandardCharsets.UTF_8).strip().split("\n");
        return Arrays.stream(lines, 1, lines.length).map(l -> l.strip().split(",")).toList();
    }
}
