package org.trainingservice.inference;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.trainingservice.dataset.DatasetSchema;
import org.trainingservice.job.JobModels;
import org.trainingservice.training.TrainedModel;
import tools.jackson.databind.json.JsonMapper;

/** Finished jobs' models, read through the job module (which owns {@code job_model}) and decoded. */
@Component
class ModelStore {

    private final JobModels models;
    private final JsonMapper json;

    ModelStore(JobModels models, JsonMapper json) {
        this.models = models;
        this.json = json;
    }

    public Optional<StoredModel> find(UUID jobId) {
        return models.find(jobId).map(stored -> new StoredModel(json.readValue(stored.model(), TrainedModel.class),
                stored.encodingJson() == null ? null : json.readValue(stored.encodingJson(), DatasetSchema.class)));
    }
}
