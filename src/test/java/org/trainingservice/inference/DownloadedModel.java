package org.trainingservice.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.trainingservice.support.Api;
import org.trainingservice.training.ModelFactory;
import org.trainingservice.training.Preprocessing;
import org.trainingservice.training.spec.ModelSpec;
import tools.jackson.databind.JsonNode;

/**
 * A job's model archive ({@code GET /api/v1/jobs/{id}/model}) unzipped and its networks loaded the way the archive's
 * README says, so that tests can recompute what the prediction endpoint answers from the members themselves.
 */
record DownloadedModel(Path folder, List<String> files, JsonNode description, List<SequentialBlock> members,
                       Preprocessing preprocessing, NDManager manager, List<Model> models) implements AutoCloseable {

    static DownloadedModel of(Api api, String job) throws Exception {
        HttpResponse<byte[]> zip = HttpClient.newHttpClient().send(
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
        return new DownloadedModel(folder, files, model, members, preprocessing, manager, models);
    }

    /** The raw outputs (logits, or the standardized target) of one member for one raw row. */
    float[] forward(SequentialBlock block, double[] raw) {
        float[] x = new float[raw.length];
        for (int c = 0; c < raw.length; c++) {
            x[c] = preprocessing.transform((float) raw[c], c);
        }
        return block.forward(new ParameterStore(manager, false), new NDList(manager.create(x, new Shape(1, x.length))), false)
                .singletonOrThrow().toFloatArray();
    }

    /** Each member's weight in the combination, as model.json gives it. */
    double[] weights() {
        double[] w = new double[members.size()];
        for (int m = 0; m < w.length; m++) {
            w[m] = description.get("members").get(m).get("weight").asDouble();
        }
        return w;
    }

    @Override
    public void close() {
        models.forEach(Model::close);
        manager.close();
    }

    static double[] softmax(float[] logits) {
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

    static int argmax(float[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }
}
