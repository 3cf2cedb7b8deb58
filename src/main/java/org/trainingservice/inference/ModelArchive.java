package org.trainingservice.inference;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;
import org.trainingservice.training.ModelFactory;
import org.trainingservice.training.ModelParameters;
import org.trainingservice.training.TrainedModel;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a trained model as one zip: each network's parameters as DJL model files ({@code member-N-0000.params},
 * loadable with {@code Model.load(dir, "member-N")}), the architecture and combination ({@code model.json}), the
 * fitted preprocessing ({@code preprocessing.json}), the encoding of raw values ({@code encoding.json}) and the job
 * spec ({@code spec.json}).
 */
@Component
public class ModelArchive {

    private final JsonMapper json;

    public ModelArchive(JsonMapper json) {
        this.json = json;
    }

    public void write(StoredModel stored, OutputStream target) throws IOException {
        TrainedModel model = stored.model();
        Path folder = Files.createTempDirectory("model-export");
        try (ZipOutputStream zip = new ZipOutputStream(target);
             NDManager manager = NDManager.newBaseManager()) {
            List<Map<String, Object>> members = new ArrayList<>();
            for (int i = 0; i < model.members().size(); i++) {
                String name = "member-" + (i + 1);
                SequentialBlock block = ModelFactory.build(model.spec().model(), model.inputs(), model.outputs(), model.imageShape());
                block.initialize(manager, DataType.FLOAT32, new Shape(1, model.inputs()));
                ModelParameters.load(block, manager, model.members().get(i).parameters());
                try (Model djl = Model.newInstance(name)) {
                    djl.setBlock(block);
                    djl.save(folder, name);
                }
                Path params = folder.resolve(name + "-0000.params");
                entry(zip, params.getFileName().toString(), Files.readAllBytes(params));
                members.add(Map.of("name", name, "file", params.getFileName().toString(), "weight", model.members().get(i).weight()));
            }
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("format", "training-service model archive, version 1");
            description.put("task", model.classNames().isEmpty() ? "regression" : "classification");
            description.put("inputs", model.inputs());
            description.put("outputs", model.outputs());
            description.put("imageShape", model.imageShape());
            description.put("classNames", model.classNames());
            description.put("featureNames", model.featureNames());
            description.put("architecture", model.spec().model());
            description.put("outputLayer", "linear: logits (classification) or the standardized target (regression)");
            description.put("combination", model.combination());
            description.put("members", members);
            entry(zip, "model.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(description));
            entry(zip, "preprocessing.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(model.preprocessing()));
            if (stored.encoding() != null) {
                entry(zip, "encoding.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(stored.encoding()));
            }
            entry(zip, "spec.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(model.spec()));
            entry(zip, "README.txt", README.getBytes(StandardCharsets.UTF_8));
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static final String README = """
            A model trained by the training service.

            model.json          architecture (hidden layers, activation, dropout, batch norm), sizes, class names,
                                and how members combine (SINGLE, AVERAGE of probabilities, SAMME votes, ADDITIVE sum)
            member-N-0000.params  DJL parameters of network N: build the same SequentialBlock, then
                                Model m = Model.newInstance("member-N"); m.setBlock(block); m.load(dir, "member-N");
            preprocessing.json  x' = ((x is missing ? impute : x) - mean) / scale, per feature; regression outputs
                                map back as y = output * targetScale + targetMean
            encoding.json       how raw columns become features (one-hot categories, columns left out)
            spec.json           the job spec that trained it
            """;
}
