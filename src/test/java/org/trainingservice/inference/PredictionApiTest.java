package org.trainingservice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SharedDatasets;
import org.trainingservice.training.ModelFactory;
import org.trainingservice.training.Preprocessing;
import org.trainingservice.training.spec.ModelSpec;
import tools.jackson.databind.JsonNode;

class PredictionApiTest extends IntegrationTest {

    private static String irisJob;

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
        StringBuilder csv = new StringBuilder("area,price\n");
        for (int i = 0; i < 300; i++) {
            double area = 50 + (i * 37 % 150);
            csv.append(area).append(',').append(3000 * area + 20_000).append('\n');
        }
        Api.Response upload = api.postMultipart("/api/v1/datasets", Map.of("name", "linear-prices", "target", "price"),
                Map.of("file", csv.toString().getBytes()));
        String job = submit("""
                {"dataset": {"id": "%s"}, "model": {"hidden": [16]}, "optimizer": {"learningRate": 0.01},
                 "training": {"epochs": 60}}""".formatted(upload.json().get("id").asString()));
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
        Archive archive = download(job);
        assertThat(archive.members()).hasSize(3);
        for (int i = 0; i < points.length; i++) {
            double[] mean = new double[2];
            for (SequentialBlock member : archive.members()) {
                double[] p = softmax(archive.forward(member, points[i]));
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
        Archive archive = download(irisJob);
        assertThat(archive.files()).contains("model.json", "preprocessing.json", "encoding.json", "spec.json",
                "member-1-0000.params", "README.txt");
        double[] row = {6.7, 3.0, 5.2, 2.3};
        double[] local = softmax(archive.forward(archive.members().get(0), row));
        JsonNode endpoint = predict(irisJob, "{\"instances\": [[6.7, 3.0, 5.2, 2.3]]}").get("probabilities").get(0);
        for (int k = 0; k < 3; k++) {
            assertThat(local[k]).isCloseTo(endpoint.get(k).asDouble(), within(1e-5));
        }
        archive.close();
    }

    /** The unzipped archive, its networks loaded the way the README says. */
    private record Archive(Path folder, List<String> files, List<SequentialBlock> members, Preprocessing preprocessing,
                           NDManager manager, List<Model> models) implements AutoCloseable {

        float[] forward(SequentialBlock block, double[] raw) {
            float[] x = new float[raw.length];
            for (int c = 0; c < raw.length; c++) {
                x[c] = preprocessing.transform((float) raw[c], c);
            }
            return block.forward(new ParameterStore(manager, false), new NDList(manager.create(x, new Shape(1, x.length))), false)
                    .singletonOrThrow().toFloatArray();
        }

        @Override
        public void close() {
            models.forEach(Model::close);
            manager.close();
        }
    }

    private Archive download(String job) throws Exception {
        HttpResponse<byte[]> zip = java.net.http.HttpClient.newHttpClient().send(
                api.request("/api/v1/jobs/" + job + "/model").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        Path folder = Files.createTempDirectory("archive");
        List<String> files = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                files.add(e.getName());
                Files.write(folder.resolve(e.getName()), in.readAllBytes());
            }
        }
        JsonNode model = Api.json().readTree(Files.readString(folder.resolve("model.json")));
        ModelSpec architecture = Api.json().treeToValue(model.get("architecture"), ModelSpec.class);
        Preprocessing preprocessing = Api.json().readValue(Files.readString(folder.resolve("preprocessing.json")), Preprocessing.class);
        NDManager manager = NDManager.newBaseManager();
        List<SequentialBlock> members = new ArrayList<>();
        List<Model> models = new ArrayList<>(); // held: a collected Model frees its parameters
        for (JsonNode member : model.get("members")) {
            SequentialBlock block = ModelFactory.build(architecture, model.get("inputs").asInt(), model.get("outputs").asInt(), new int[0]);
            Model djl = Model.newInstance(member.get("name").asString());
            djl.setBlock(block);
            djl.load(folder, member.get("name").asString());
            members.add(block);
            models.add(djl);
        }
        return new Archive(folder, files, members, preprocessing, manager, models);
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
