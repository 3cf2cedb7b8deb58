package org.trainingservice.job;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way a job changes state: {@link #move} locks the row, checks the move against {@link JobStatus}'s table and
 * the fence (for a worker's writes: that it still holds the lease), then updates the row, bumps {@code version} (the
 * ETag), stores the transition with its message and logs its events, all in the caller's transaction.
 */
@Component
class JobMover {

    private static final Logger log = LoggerFactory.getLogger(JobMover.class);

    private final JdbcTemplate jdbc;
    private final JobEvents events;
    private final JobQueueSignal queueSignal;
    private final JsonMapper json;
    private final Clock clock;

    JobMover(JdbcTemplate jdbc, JobEvents events, JobQueueSignal queueSignal, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.queueSignal = queueSignal;
        this.json = json;
        this.clock = clock;
    }

    /** Who may make a move: anyone (the API, an experiment, lease recovery), or only the node holding the lease. */
    record Fence(String owner) {
        static final Fence NONE = new Fence(null);

        static Fence leaseOf(String node) {
            return new Fence(node);
        }
    }

    /**
     * Moves the job to {@code to} if the table allows it from its current state and the fence holds; {@code set} adds
     * column assignments (", a = ?, b = ?") with their {@code args}.
     *
     * @return false when the job is gone, the move is not allowed from its current state, or the lease is not held
     */
    @Transactional
    boolean move(UUID jobId, JobStatus to, String message, String node, Fence fence, String set, Object... args) {
        List<String[]> rows = jdbc.query("SELECT status, lease_owner FROM training_job WHERE id = ? FOR UPDATE",
                (rs, n) -> new String[]{rs.getString(1), rs.getString(2)}, jobId);
        if (rows.isEmpty()) {
            return false;
        }
        JobStatus from = JobStatus.valueOf(rows.get(0)[0]);
        if (!from.canMoveTo(to) || (fence.owner() != null && !fence.owner().equals(rows.get(0)[1]))) {
            log.debug("job {}: no move {} -> {} (lease {}, asked by {})", jobId, from, to, rows.get(0)[1], fence.owner());
            return false;
        }
        // leaving the leased states ends the lease; a final state ends the job
        StringBuilder sql = new StringBuilder("UPDATE training_job SET status = ?, status_message = ?, updated_at = ?,"
                + " version = version + 1");
        if (!JobStatus.LEASED.contains(to)) {
            sql.append(", lease_owner = NULL, lease_expires_at = NULL, eta_seconds = NULL");
        }
        if (to.isFinal()) {
            sql.append(", finished_at = ?");
        }
        sql.append(set).append(" WHERE id = ?");
        List<Object> values = new ArrayList<>(List.of(to.name(), truncate(message), now()));
        if (to.isFinal()) {
            values.add(now());
        }
        values.addAll(Arrays.asList(args));
        values.add(jobId);
        jdbc.update(sql.toString(), values.toArray());
        recordTransition(jobId, to, message, node);
        return true;
    }

    /**
     * Stores a transition and logs it as a {@code status} event (and {@code finished} for a final state); a job that
     * became QUEUED wakes the workers ({@link JobQueueSignal}) once the transaction commits.
     */
    void recordTransition(UUID jobId, JobStatus status, String message, String node) {
        OffsetDateTime at = now();
        jdbc.update("INSERT INTO job_transition (job_id, status, transitioned_at, message, node) VALUES (?, ?, ?, ?, ?)",
                jobId, status.name(), at, truncate(message), node);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("status", status.name());
        payload.put("message", message);
        payload.put("node", node);
        payload.put("at", at.toInstant().toString());
        String body = json.writeValueAsString(payload);
        events.append(jobId, "status", body);
        if (status.isFinal()) {
            events.append(jobId, "finished", body);
        }
        if (status == JobStatus.QUEUED) {
            queueSignal.queued();
        }
    }


    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String truncate(String message) {
        return message == null || message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }
}
