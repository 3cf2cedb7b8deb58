package org.trainingservice.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * {@code "searchSpace": "auto"} on a small table scores each trial by 5-fold cross-validation and refits it on every
 * non-test row; a larger table, an asha search and a base spec that chose its own validation keep what they had.
 * Over real HTTP with real training.
 */
class AutoSearchFoldsTest extends IntegrationTest {

    @Test
    void aSmallTableSTrialsAreScoredByTheMeanOfFiveFoldsAndRefitOnEveryNonTestRow() {
        JsonNode experiment = submitExperiment("""
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 300}, "training": {"epochs": 3, "seed": 4}},
                 "searchSpace": "auto", "searcher": {"type": "tpe", "maxTrials": 1}}""");
        JsonNode validation = experiment.get("spec").get("baseSpec").get("validation");
        assertThat(validation.get("strategy").asString()).isEqualTo("kfold");
        assertThat(validation.get("folds").asInt()).isEqualTo(5);

        String id = experiment.get("id").asString();
        JsonNode done = ExperimentWaits.awaitFinished(api, id, Duration.ofMinutes(3));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode best = done.get("best");
        JsonNode trial = api.get("/api/v1/jobs/" + best.get("jobId").asString()).json();
        assertThat(trial.get("spec").get("validation").get("strategy").asString()).isEqualTo("kfold");
        JsonNode cv = trial.get("result").get("crossValidation");
        assertThat(cv.get("folds")).hasSize(5);
        // the objective the search ranked by is the folds' mean, not one split's
        double mean = 0;
        for (JsonNode fold : cv.get("folds")) {
            mean += fold.get("metrics").get("loss").asDouble() / 5;
        }
        assertThat(best.get("objective").asDouble()).isCloseTo(mean, offset(1e-9));
        assertThat(best.get("metrics").get("validation").get("loss").asDouble())
                .isCloseTo(mean, offset(1e-9));
    }

    @Test
    void aLargerTableKeepsTheHoldout() {
        assertHoldout("""
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 1000}, "training": {"epochs": 2}},
                 "searchSpace": "auto", "searcher": {"type": "tpe", "maxTrials": 1}}""");
    }

    @Test
    void anAshaSearchKeepsTheHoldoutItPausesOn() {
        assertHoldout("""
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 300}, "training": {"epochs": 3}},
                 "searchSpace": "auto", "searcher": {"type": "asha", "maxTrials": 1}}""");
    }

    @Test
    void aBaseSpecThatChoseItsValidationKeepsIt() {
        assertHoldout("""
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 300}, "training": {"epochs": 2},
                              "validation": {"strategy": "holdout"}},
                 "searchSpace": "auto", "searcher": {"type": "random", "maxTrials": 1}}""");
    }

    @Test
    void aHandWrittenSpaceOnASmallTableKeepsTheHoldout() {
        assertHoldout("""
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 300}, "training": {"epochs": 2}},
                 "searchSpace": {"model.dropout": {"type": "uniform", "min": 0.0, "max": 0.3}},
                 "searcher": {"type": "tpe", "maxTrials": 1}}""");
    }

    private void assertHoldout(String body) {
        JsonNode experiment = submitExperiment(body);
        assertThat(experiment.get("spec").get("baseSpec").get("validation").get("strategy").asString()).isEqualTo("holdout");
        api.post("/api/v1/experiments/" + experiment.get("id").asString() + "/cancel", "");
        ExperimentWaits.awaitFinished(api, experiment.get("id").asString(), Duration.ofMinutes(2));
    }

    private JsonNode submitExperiment(String body) {
        var r = api.post("/api/v1/experiments", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }
}
