package org.trainingservice.training.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SubmittedFieldsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JobSpec submitted(String json) {
        return JSON.readValue(json, JobSpec.class);
    }

    @Test
    void knowsWhichFieldsTheClientWrote() {
        SubmittedFields given = SubmittedFields.of(submitted("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8, 8]}, "optimizer": {"schedule": {"gamma": 0.9}}}"""));
        assertThat(given.set("model.hidden")).isTrue();
        assertThat(given.set("model.hidden[1]")).isTrue();
        assertThat(given.set("optimizer.schedule.gamma")).isTrue();
        assertThat(given.set("optimizer")).isTrue();
        assertThat(given.set("optimizer.learningRate")).isFalse();
        assertThat(given.set("training.epochs")).isFalse();
        assertThat(given.set("model.nosuchfield")).isFalse();
    }

    @Test
    void aRefusalOfADefaultSaysItIsTheDefaultAndShowsIt() {
        JobSpec raw = submitted("{\"dataset\": {\"builtin\": \"moons\"}, \"validation\": {\"strategy\": \"kfold\"}}");
        JobSpec spec = raw.withDefaults(Task.CLASSIFICATION);
        SubmittedFields given = SubmittedFields.of(raw);
        // as a server whose max-folds is 3 refuses the default of 5 folds
        String message = given.explain("validation.folds", "at most 3 on this server, was 5", spec);
        assertThat(message).startsWith("at most 3 on this server, was 5")
                .contains("you did not set validation.folds; its default 5 applies");
        assertThat(given.explain("validation.strategy", "nope", spec)).isEqualTo("nope");
        assertThat(given.explain("model", "too many parameters", spec))
                .contains("you did not set model; its default applies").doesNotContain("ModelSpec[");
        // nothing to default: a required field's message stands as it is
        JobSpec empty = submitted("{}");
        assertThat(SubmittedFields.of(empty).explain("dataset", "is required", empty.withDefaults(Task.CLASSIFICATION)))
                .isEqualTo("is required");
    }
}
