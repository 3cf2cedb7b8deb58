package org.trainingservice.inference;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.dataset.DatasetSchema;
import org.trainingservice.training.TrainedModel;
import tools.jackson.databind.json.JsonMapper;

/** Reads finished jobs' models from the database. */
@Component
public class ModelStore {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public ModelStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public Optional<StoredModel> find(UUID jobId) {
        List<StoredModel> found = jdbc.query("SELECT model, encoding_json FROM job_model WHERE job_id = ?",
                (rs, n) -> new StoredModel(json.readValue(rs.getBytes(1), TrainedModel.class),
                        rs.getString(2) == null ? null : json.readValue(rs.getString(2), DatasetSchema.class)), jobId);
        return found.stream().findFirst();
    }
}
