package org.trainingservice.job;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.trainingservice.common.FieldProblem;
import org.trainingservice.dataset.BuiltinDatasets;
import org.trainingservice.dataset.BuiltinGenerator;
import org.trainingservice.dataset.DatasetSchema;
import org.trainingservice.dataset.DatasetService;
import org.trainingservice.training.spec.DatasetRef;
import org.trainingservice.training.spec.Task;

/** Checks the dataset a spec names and tells its task, for submission. */
@Component
public class JobDatasets {

    /** A dataset a job may use: its id (uploaded only), task, rows, and the model's input and output sizes. */
    public record Resolved(UUID id, Task task, int rows, int inputs, int outputs, int[] imageShape) {

        public boolean images() {
            return imageShape != null;
        }
    }

    private final BuiltinDatasets builtins;
    private final DatasetService uploaded;

    public JobDatasets(BuiltinDatasets builtins, DatasetService uploaded) {
        this.builtins = builtins;
        this.uploaded = uploaded;
    }

    /** The dataset's id and task, or null with the problems added to {@code problems}. */
    public Resolved resolve(DatasetRef ref, String tenant, List<FieldProblem> problems) {
        if (ref == null || (ref.id() == null) == (ref.builtin() == null)) {
            return null; // the spec validator reports it
        }
        if (ref.builtin() != null) {
            List<String[]> found = builtins.check(ref.builtin(), ref.samples(), ref.noise(), ref.classes());
            found.forEach(p -> problems.add(new FieldProblem("dataset." + p[0], p[1])));
            if (!found.isEmpty()) {
                return null;
            }
            BuiltinGenerator generator = builtins.find(ref.builtin()).orElseThrow();
            boolean regression = generator.task() == Task.REGRESSION;
            int classes = ref.classes() != null ? ref.classes()
                    : generator.defaultClasses() != null ? generator.defaultClasses() : 2;
            int rows = ref.samples() != null ? ref.samples() : generator.defaultSamples();
            return new Resolved(null, generator.task(), rows, regression ? 1 : 2,
                    regression ? 1 : classes, null);
        }
        if (ref.samples() != null || ref.noise() != null || ref.classes() != null) {
            problems.add(new FieldProblem("dataset", "samples, noise and classes apply to built-in generators only"));
        }
        UUID id;
        try {
            id = UUID.fromString(ref.id());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("dataset.id", "'" + ref.id() + "' is not a dataset id; use the id that POST /api/v1/datasets returned"));
            return null;
        }
        Optional<DatasetSchema> schema = uploaded.schema(id, tenant);
        if (schema.isEmpty()) {
            problems.add(new FieldProblem("dataset.id", "dataset " + ref.id() + " does not exist"));
            return null;
        }
        DatasetSchema found = schema.get();
        boolean regression = found.task() == Task.REGRESSION;
        return new Resolved(id, found.task(), found.rows(), found.features(),
                regression ? 1 : found.classes().size(),
                found.imageShape() == null ? null : found.imageShape().stream().mapToInt(Integer::intValue).toArray());
    }
}
