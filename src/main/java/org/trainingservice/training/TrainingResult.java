package org.trainingservice.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The finished job's result, as the API shows it (field names are contract, see DESIGN.md).
 *
 * @param metrics {@code train}, {@code validation}, {@code test} -> metric name -> value
 * @param generalizationGap validation loss minus training loss of the final model
 * @param accuracyGap training minus validation accuracy (classification)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingResult(Map<String, Map<String, Double>> metrics, int bestEpoch, int epochsRun,
                             boolean stoppedEarly, double generalizationGap, Double accuracyGap, String diagnosis,
                             String diagnosisDetail, long steps, String device) {
}
