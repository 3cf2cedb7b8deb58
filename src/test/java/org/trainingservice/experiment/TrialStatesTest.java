package org.trainingservice.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainingservice.experiment.search.Direction;
import org.trainingservice.experiment.search.TrialPhase;
import org.trainingservice.experiment.search.TrialView;
import org.trainingservice.job.JobStatus;
import org.trainingservice.job.TrialJobs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TrialStatesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode result(double valLoss, int epochs, String stopReason) {
        return JSON.readTree("{\"metrics\": {\"validation\": {\"loss\": " + valLoss + "}}, \"epochsRun\": " + epochs
                + ", \"stopReason\": \"" + stopReason + "\"}");
    }

    private static TrialJobs.Trial trial(int number, JobStatus status, JsonNode result) {
        return new TrialJobs.Trial(UUID.randomUUID(), number, status, Map.of("model.dropout", 0.1 * number), null,
                result == null ? 0 : result.path("epochsRun").asInt(), result, Instant.EPOCH, null);
    }

    @Test
    void phasesTellPrunedTrialsFromSucceededOnesAndCountCancellingAsRunning() {
        assertThat(TrialStates.phase(trial(1, JobStatus.SUCCEEDED, result(0.3, 9, "completed"))))
                .isEqualTo(TrialPhase.SUCCEEDED);
        assertThat(TrialStates.phase(trial(2, JobStatus.SUCCEEDED, result(0.3, 1, "pruned")))).isEqualTo(TrialPhase.PRUNED);
        assertThat(TrialStates.phase(trial(3, JobStatus.CANCELLING, null))).isEqualTo(TrialPhase.RUNNING);
        assertThat(TrialStates.phase(trial(4, JobStatus.PAUSED, result(0.3, 1, "paused")))).isEqualTo(TrialPhase.PAUSED);
        assertThat(TrialStates.phase(trial(5, JobStatus.QUEUED, null))).isEqualTo(TrialPhase.QUEUED);
        assertThat(TrialStates.phase(trial(6, JobStatus.FAILED, null))).isEqualTo(TrialPhase.FAILED);
        assertThat(TrialStates.phase(trial(7, JobStatus.CANCELLED, null))).isEqualTo(TrialPhase.CANCELLED);
    }

    @Test
    void theBestPrefersTrialsTrainedToTheEndOverBetterLookingRungs() {
        List<TrialJobs.Trial> trials = List.of(trial(1, JobStatus.SUCCEEDED, result(0.1, 1, "pruned")),
                trial(2, JobStatus.SUCCEEDED, result(0.4, 9, "completed")),
                trial(3, JobStatus.SUCCEEDED, result(0.3, 9, "early_stopping")),
                trial(4, JobStatus.PAUSED, result(0.05, 3, "paused")));
        TrialStates states = new TrialStates(trials, List.of(), "loss", Direction.MINIMIZE);
        assertThat(states.best().orElseThrow().number()).isEqualTo(3);
        TrialStates maximizing = new TrialStates(trials, List.of(), "loss", Direction.MAXIMIZE);
        assertThat(maximizing.best().orElseThrow().number()).isEqualTo(2);
    }

    @Test
    void rankedHoldsOnlyTrialsTrainedToTheEndBestFirstWithTiesByNumber() {
        List<TrialJobs.Trial> trials = List.of(trial(1, JobStatus.SUCCEEDED, result(0.4, 9, "completed")),
                trial(2, JobStatus.SUCCEEDED, result(0.1, 1, "pruned")), trial(3, JobStatus.PAUSED, result(0.05, 3, "paused")),
                trial(4, JobStatus.SUCCEEDED, result(0.2, 9, "early_stopping")), trial(5, JobStatus.FAILED, null),
                trial(6, JobStatus.SUCCEEDED, result(0.4, 9, "completed")),
                trial(7, JobStatus.SUCCEEDED, JSON.readTree("{\"metrics\": {\"validation\": {}}}")));
        assertThat(new TrialStates(trials, List.of(), "loss", Direction.MINIMIZE).ranked())
                .extracting(TrialJobs.Trial::number).containsExactly(4, 1, 6);
        assertThat(new TrialStates(trials, List.of(), "loss", Direction.MAXIMIZE).ranked())
                .extracting(TrialJobs.Trial::number).containsExactly(1, 6, 4);
    }

    @Test
    void untilATrialFinishesTheBestIsTheBestReportedRung() {
        List<TrialJobs.Trial> trials = List.of(trial(1, JobStatus.PAUSED, result(0.5, 1, "paused")),
                trial(2, JobStatus.SUCCEEDED, result(0.2, 1, "pruned")), trial(3, JobStatus.RUNNING, null));
        assertThat(new TrialStates(trials, List.of(), "loss", Direction.MINIMIZE).best().orElseThrow().number())
                .isEqualTo(2);
        assertThat(new TrialStates(List.of(trial(1, JobStatus.RUNNING, null)), List.of(), "loss", Direction.MINIMIZE)
                .best()).isEmpty();
        List<TrialJobs.Trial> withCancelled = List.of(trial(1, JobStatus.PAUSED, result(0.5, 1, "paused")),
                trial(2, JobStatus.CANCELLED, result(0.01, 1, "cancelled")));
        assertThat(new TrialStates(withCancelled, List.of(), "loss", Direction.MINIMIZE).best().orElseThrow().number())
                .as("a cancelled trial's last metrics are not a result").isEqualTo(1);
    }

    @Test
    void viewsCarryEachTrialsRungReportsAndTheObjectiveOfFinishedTrialsOnly() {
        List<TrialJobs.Trial> trials = List.of(trial(1, JobStatus.SUCCEEDED, result(0.2, 9, "completed")),
                trial(2, JobStatus.PAUSED, result(0.6, 1, "paused")), trial(3, JobStatus.QUEUED, null),
                trial(4, JobStatus.RUNNING, null), trial(5, JobStatus.CANCELLING, null));
        List<ExperimentStore.Report> reports = List.of(new ExperimentStore.Report(1, 1, 0.7),
                new ExperimentStore.Report(2, 1, 0.6), new ExperimentStore.Report(1, 3, 0.4),
                new ExperimentStore.Report(1, 9, 0.2));
        TrialStates states = new TrialStates(trials, reports, "loss", Direction.MINIMIZE);
        List<TrialView> views = states.views();
        assertThat(views.get(0).rungValues()).containsExactly(Map.entry(1, 0.7), Map.entry(3, 0.4), Map.entry(9, 0.2));
        assertThat(views.get(0).objective()).isEqualTo(0.2);
        assertThat(views.get(1).rungValues()).containsExactly(Map.entry(1, 0.6));
        assertThat(views.get(1).objective()).isNull();
        assertThat(views.get(2).rungValues()).isEmpty();
        assertThat(states.active()).isEqualTo(3);
    }
}
