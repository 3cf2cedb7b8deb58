package org.trainingservice.job;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner of {@code job_model}: the model a job ended with (SUCCEEDED, or PAUSED at an experiment's rung). The job
 * module writes it in the transaction that moves the job; inference reads it back through {@link #find}.
 */
@Component
public class JobModels {

    /** A job's model as stored: the serialized model and the JSON of the encoding of raw instances (null if none). */
    public record StoredBytes(byte[] model, String encodingJson) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    JobModels(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<StoredBytes> find(UUID jobId) {
        List<StoredBytes> found = jdbc.query("SELECT model, encoding_json FROM job_model WHERE job_id = ?",
                (rs, n) -> new StoredBytes(rs.getBytes(1), rs.getString(2)), jobId);
        return found.stream().findFirst();
    }

    /** Replaces the job's model; called inside the move that ends or pauses the job. */
    boolean store(UUID jobId, byte[] model, String encodingJson) {
        jdbc.update("DELETE FROM job_model WHERE job_id = ?", jobId);
        jdbc.update("INSERT INTO job_model (job_id, model, size_bytes, encoding_json, created_at) VALUES (?, ?, ?, ?, ?)",
                jobId, model, model.length, encodingJson, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        return true;
    }
}
