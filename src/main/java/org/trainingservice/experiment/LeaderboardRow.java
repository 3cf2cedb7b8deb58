package org.trainingservice.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import java.util.UUID;
import org.trainingservice.job.JobStatus;

/** One trial on the leaderboard. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One trial: its hyperparameters, objective and how far it trained")
record LeaderboardRow(
        int trialNumber,
        UUID jobId,
        @Schema(example = "SUCCEEDED") JobStatus status,
        @Schema(description = "completed, early_stopping, paused or pruned", example = "pruned") String stopReason,
        @Schema(description = "keyed by the searchSpace paths",
                example = "{\"optimizer.learningRate\": 0.003, \"model.hidden\": [64, 64]}")
        Map<String, Object> hyperparameters,
        @Schema(description = "the objective metric on validation data") Double objective,
        @Schema(description = "asha: the index of the highest rung it reported at (0 = first)") Integer rung,
        Integer bestEpoch,
        Integer epochsRun,
        Map<String, Map<String, Double>> metrics,
        Double generalizationGap,
        String diagnosis) {
}
