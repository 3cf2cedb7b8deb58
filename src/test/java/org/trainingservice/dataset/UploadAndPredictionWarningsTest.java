package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Uploads and predictions over HTTP say what they assumed: decimal commas, rare or lookalike labels, imputed values. */
class UploadAndPredictionWarningsTest extends IntegrationTest {

    /** Iris-like rows as a spreadsheet in a decimal-comma locale saves them: ';' between fields, ',' in numbers. */
    private static String semicolonCsv() {
        StringBuilder csv = new StringBuilder("sepal_length;sepal_width;petal_length;petal_width;soil;species\n");
        SplittableRandom random = new SplittableRandom(5);
        double[][] means = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.6, 2.0}};
        String[] species = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < 30; i++) {
            int k = i % 3;
            for (double mean : means[k]) {
                double v = Math.round((mean + (random.nextDouble() - 0.5) * 0.4) * 10) / 10.0;
                csv.append(String.format(java.util.Locale.ROOT, "%.1f", v).replace('.', ',')).append(';');
            }
            csv.append(i % 2 == 0 ? "loam" : "clay").append(';').append(species[k]).append('\n');
        }
        return csv.toString();
    }

    private Api.Response upload(String name, String target, byte[] csv) {
        return api.postMultipart("/api/v1/datasets", Map.of("name", name, "target", target), Map.of("file", csv));
    }

    private static List<String> kinds(JsonNode warnings) {
        List<String> kinds = new ArrayList<>();
        warnings.forEach(w -> kinds.add(w.get("column").asString() + ":" + w.get("kind").asString()));
        return kinds;
    }

    @Test
    void decimalCommasAreReadAsNumbersAndAModelTrainedOnThemPredictsWithWarningsPerInstance() {
        Api.Response r = upload("decimal-commas", "species", semicolonCsv().getBytes());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode dataset = r.json();
        // four numbers and two soil categories, not a category per distinct value
        assertThat(dataset.get("features").asInt()).isEqualTo(6);
        assertThat(kinds(dataset.get("warnings"))).containsExactly("sepal_length:decimal_comma",
                "sepal_width:decimal_comma", "petal_length:decimal_comma", "petal_width:decimal_comma");
        assertThat(dataset.get("schema").get("warnings")).isEqualTo(dataset.get("warnings"));
        String id = dataset.get("id").asString();
        assertThat(api.get("/api/v1/datasets/" + id).json().get("warnings")).isEqualTo(dataset.get("warnings"));

        String job = submit("{\"dataset\": {\"id\": \"" + id + "\"}, \"model\": {\"hidden\": [16]}, "
                + "\"training\": {\"epochs\": 60, \"batchSize\": 8}}");
        JsonNode done = awaitFinal(job, Duration.ofSeconds(180));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

        Api.Response predicted = api.post("/api/v1/jobs/" + job + "/predict", """
                {"instances": [[5.0, 3.4, 1.5, 0.2, "loam"],
                               {"sepal_length": 6.7, "sepal_width": 3.0, "petal_length": 5.6, "soil": "sand"},
                               {"sepal_length": "5,1", "sepal_width": "3,5", "petal_length": "1,4", "petal_width": "0,2",
                                "soil": "clay"}]}""");
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        JsonNode answer = predicted.json();
        assertThat(answer.get("predictions").get(0).asString()).isEqualTo("setosa");
        assertThat(answer.get("predictions").get(2).asString()).isEqualTo("setosa");
        List<String> warned = new ArrayList<>();
        answer.get("warnings").forEach(w -> warned.add(w.get("instance").asInt() + ":" + w.get("column").asString()
                + ":" + w.get("kind").asString()));
        assertThat(warned).containsExactly("1:petal_width:imputed", "1:soil:unknown_category");
        assertThat(answer.get("warnings").get(0).get("message").asString())
                .matches("missing: imputed with the training median \\d\\.\\d{1,3}");
        assertThat(answer.get("warnings").get(1).get("message").asString()).contains("'sand'").contains("clay", "loam");

        // every value given as the training data had them: no warnings at all
        JsonNode clean = api.post("/api/v1/jobs/" + job + "/predict",
                "{\"instances\": [[5.0, 3.4, 1.5, 0.2, \"loam\"]]}").json();
        assertThat(clean.has("warnings")).as(clean.toString()).isFalse();
    }

    @Test
    void rareAndLookalikeLabelsAreNamedInTheAnswer() {
        StringBuilder csv = new StringBuilder("x,species\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i).append(",setosa\n").append(i).append(",virginica\n");
        }
        csv.append("3,virginca\n");
        Api.Response r = upload("misspelt", "species", csv.toString().getBytes());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(kinds(r.json().get("warnings"))).containsExactlyInAnyOrder("species:rare_class", "species:similar_labels");
        assertThat(r.json().get("warnings").toString()).contains("virginca").contains("one letter");
    }

    @Test
    void theReadmeSampleUploadsCleanly() throws Exception {
        // what the README's first upload sends, from a fresh clone
        Api.Response r = upload("iris-sample", "species", Files.readAllBytes(Path.of("docs", "examples", "iris-sample.csv")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("rows").asInt()).isEqualTo(30);
        assertThat(r.json().get("features").asInt()).isEqualTo(4);
        assertThat(r.json().get("schema").get("classes").toString()).contains("setosa", "versicolor", "virginica");
        assertThat(r.json().has("warnings")).as(r.body()).isFalse();
    }
}
