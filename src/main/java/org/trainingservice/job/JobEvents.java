package org.trainingservice.job;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The job's event log ({@code status}, {@code metrics}, {@code checkpoint}, {@code finished}), written in the same
 * transaction as the change it reports, so that a stream on any node sees every change exactly once and in order.
 */
@Component
public class JobEvents {

    /** One logged event; its id is the SSE event id. */
    public record Event(long id, String type, String payload) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JobEvents(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void append(UUID jobId, String type, String payloadJson) {
        jdbc.update("INSERT INTO job_event (job_id, event_type, payload, created_at) VALUES (?, ?, ?, ?)",
                jobId, type, payloadJson, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    @Transactional(readOnly = true)
    public List<Event> after(UUID jobId, long lastId, int limit) {
        return jdbc.query("SELECT id, event_type, payload FROM job_event WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?",
                (rs, n) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3)), jobId, lastId, limit);
    }
}
