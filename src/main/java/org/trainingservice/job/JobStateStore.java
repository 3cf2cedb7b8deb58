package org.trainingservice.job;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change of a job's state, as conditional SQL updates. A worker's writes are guarded by
 * {@code lease_owner = node}, so a node that lost its lease (and may not know it yet) can never overwrite the job's
 * new owner. Every visible change bumps {@code version} (the ETag) and {@code updated_at}.
 */
@Component
public class JobStateStore {

    private final JdbcTemplate jdbc;
    private final JobEvents events;
    private final JsonMapper json;
    private final Clock clock;

    public JobStateStore(JdbcTemplate jdbc, JobEvents events, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** Stores a transition and logs it as a {@code status} event (and {@code finished} for a final state). */
    @Transactional
    public void recordTransition(UUID jobId, JobStatus status, String message, String node) {
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
    }

    /**
     * Locks the job's row if {@code node} still holds its lease: every write of a running attempt goes through this
     * first, in the same transaction, so a node that lost its lease writes nothing.
     */
    @Transactional
    public boolean lockIfOwner(UUID jobId, String node) {
        List<String> owner = jdbc.queryForList(
                "SELECT lease_owner FROM training_job WHERE id = ? AND status IN ('RUNNING', 'CANCELLING') FOR UPDATE",
                String.class, jobId);
        return owner.size() == 1 && node.equals(owner.get(0));
    }

    /**
     * The attempt on {@code node} ended without finishing (its training process died): the job goes back to the queue
     * to resume from its latest checkpoint, or fails once {@code maxAttempts} ran.
     *
     * @return the status the job took, or null if the lease was lost meanwhile
     */
    @Transactional
    public JobStatus retryOrFail(UUID jobId, String node, int attempt, int maxAttempts, String reason) {
        if (attempt >= maxAttempts) {
            String message = reason + "; gave up after " + attempt + " attempts (training.max-attempts=" + maxAttempts + ")";
            return finish(jobId, node, JobStatus.FAILED, message, null) ? JobStatus.FAILED : null;
        }
        String message = reason + "; queued again to resume from its latest checkpoint (attempt " + (attempt + 1)
                + " of " + maxAttempts + ")";
        int updated = jdbc.update("""
                UPDATE training_job SET status = 'QUEUED', status_message = ?, lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = ?, version = version + 1
                WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""", truncate(message), now(), jobId, node);
        if (updated == 1) {
            recordTransition(jobId, JobStatus.QUEUED, message, node);
            return JobStatus.QUEUED;
        }
        return null;
    }

    /** QUEUED jobs are cancelled at once; RUNNING ones are marked CANCELLING for their worker to stop. */
    @Transactional
    public void requestCancel(UUID jobId) {
        int queued = jdbc.update("""
                UPDATE training_job SET status = 'CANCELLED', status_message = ?, finished_at = ?, updated_at = ?,
                    version = version + 1 WHERE id = ? AND status = 'QUEUED'""",
                "cancelled before it started", now(), now(), jobId);
        if (queued == 1) {
            recordTransition(jobId, JobStatus.CANCELLED, "cancelled before it started", null);
            return;
        }
        int running = jdbc.update("""
                UPDATE training_job SET status = 'CANCELLING', status_message = ?, updated_at = ?,
                    version = version + 1 WHERE id = ? AND status = 'RUNNING'""",
                "cancel requested; stopping at the next batch", now(), jobId);
        if (running == 1) {
            recordTransition(jobId, JobStatus.CANCELLING, "cancel requested", null);
        }
    }

    /**
     * Claims the most urgent queued job (highest priority, then oldest) for {@code node}, skipping rows others hold and
     * tenants that already run {@code maxRunningPerTenant} jobs.
     */
    @Transactional
    public Optional<ClaimedJob> claimNext(String node, Instant leaseUntil, int maxRunningPerTenant) {
        List<UUID> ids = jdbc.queryForList("""
                SELECT j.id FROM training_job j WHERE j.status = 'QUEUED'
                  AND (SELECT COUNT(*) FROM training_job r
                       WHERE r.tenant = j.tenant AND r.status IN ('RUNNING', 'CANCELLING')) < ?
                ORDER BY j.priority DESC, j.created_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED""", UUID.class,
                maxRunningPerTenant);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        UUID id = ids.get(0);
        jdbc.update("""
                UPDATE training_job SET status = 'RUNNING', attempt = attempt + 1, node = ?, lease_owner = ?,
                    lease_expires_at = ?, started_at = COALESCE(started_at, ?), status_message = ?, updated_at = ?,
                    version = version + 1 WHERE id = ?""",
                node, node, ts(leaseUntil), now(), "running on " + node, now(), id);
        ClaimedJob claimed = jdbc.queryForObject(
                "SELECT id, tenant, spec_json, dataset_id, attempt FROM training_job WHERE id = ?",
                (rs, n) -> new ClaimedJob(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getInt(5)), id);
        recordTransition(id, JobStatus.RUNNING, "attempt " + claimed.attempt() + " started", node);
        return Optional.of(claimed);
    }

    /** Renews the lease; tells whether it is still held and whether a cancel was asked for. */
    @Transactional
    public LeaseStatus heartbeat(UUID jobId, String node, Instant leaseUntil) {
        int renewed = jdbc.update("""
                UPDATE training_job SET lease_expires_at = ?
                WHERE id = ? AND lease_owner = ? AND status IN ('RUNNING', 'CANCELLING')""",
                ts(leaseUntil), jobId, node);
        if (renewed == 0) {
            return LeaseStatus.LOST;
        }
        String status = jdbc.queryForObject("SELECT status FROM training_job WHERE id = ?", String.class, jobId);
        return "CANCELLING".equals(status) ? LeaseStatus.CANCEL_REQUESTED : LeaseStatus.HELD;
    }

    /** Stores progress; false when the lease is no longer this node's (nothing is written then). */
    @Transactional
    public boolean recordProgress(UUID jobId, String node, int epoch, int totalEpochs, double fraction, Long eta,
                                  String label, String latestMetricsJson) {
        return jdbc.update("""
                UPDATE training_job SET progress_epoch = ?, progress_total_epochs = ?, progress_fraction = ?,
                    eta_seconds = ?, progress_label = ?, latest_metrics_json = ?, updated_at = ?, version = version + 1
                WHERE id = ? AND lease_owner = ? AND status IN ('RUNNING', 'CANCELLING')""",
                epoch, totalEpochs, fraction, eta, label, latestMetricsJson, now(), jobId, node) == 1;
    }

    /** Ends a job this node holds; false when the lease was lost meanwhile (nothing is written then). */
    @Transactional
    public boolean finish(UUID jobId, String node, JobStatus status, String message, String resultJson) {
        int updated = jdbc.update("""
                UPDATE training_job SET status = ?, status_message = ?, result_json = COALESCE(?, result_json),
                    progress_fraction = CASE WHEN ? = 'SUCCEEDED' THEN 1.0 ELSE progress_fraction END,
                    eta_seconds = NULL, lease_owner = NULL, lease_expires_at = NULL, finished_at = ?, updated_at = ?,
                    version = version + 1
                WHERE id = ? AND lease_owner = ? AND status IN ('RUNNING', 'CANCELLING')""",
                status.name(), truncate(message), resultJson, status.name(), now(), now(), jobId, node);
        if (updated == 1) {
            recordTransition(jobId, status, message, node);
        }
        return updated == 1;
    }

    /**
     * Ends a job this node holds as SUCCEEDED and stores its trained model with the encoding of raw instances, in one
     * transaction.
     */
    @Transactional
    public boolean succeed(UUID jobId, String node, String message, String resultJson, byte[] model, String encodingJson) {
        if (!finish(jobId, node, JobStatus.SUCCEEDED, message, resultJson)) {
            return false;
        }
        jdbc.update("DELETE FROM job_model WHERE job_id = ?", jobId);
        jdbc.update("INSERT INTO job_model (job_id, model, size_bytes, encoding_json, created_at) VALUES (?, ?, ?, ?, ?)",
                jobId, model, model.length, encodingJson, now());
        return true;
    }

    /** Gives a held job back to the queue at once (a node shutting down), without counting a failure. */
    @Transactional
    public boolean release(UUID jobId, String node, String message) {
        int updated = jdbc.update("""
                UPDATE training_job SET status = 'QUEUED', status_message = ?, lease_owner = NULL,
                    lease_expires_at = NULL, updated_at = ?, version = version + 1
                WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""", message, now(), jobId, node);
        if (updated == 1) {
            recordTransition(jobId, JobStatus.QUEUED, message, node);
        }
        return updated == 1;
    }

    /**
     * Jobs whose node stopped renewing the lease: queued again for another attempt, or failed once
     * {@code maxAttempts} ran; a job that was being cancelled is simply cancelled.
     *
     * @return how many jobs were recovered
     */
    @Transactional
    public int recoverExpiredLeases(int maxAttempts) {
        List<Object[]> expired = jdbc.query("""
                SELECT id, status, attempt, lease_owner FROM training_job
                WHERE status IN ('RUNNING', 'CANCELLING') AND lease_expires_at < ? FOR UPDATE SKIP LOCKED""",
                (rs, n) -> new Object[]{rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getString(4)},
                now());
        for (Object[] row : expired) {
            UUID id = (UUID) row[0];
            int attempt = (Integer) row[2];
            String owner = (String) row[3];
            JobStatus next;
            String message;
            if ("CANCELLING".equals(row[1])) {
                next = JobStatus.CANCELLED;
                message = "cancelled; node " + owner + " stopped responding while stopping it";
            } else if (attempt >= maxAttempts) {
                next = JobStatus.FAILED;
                message = "node " + owner + " stopped renewing the lease during attempt " + attempt
                        + "; gave up after " + maxAttempts + " attempts (see transitions)";
            } else {
                next = JobStatus.QUEUED;
                message = "node " + owner + " stopped renewing the lease during attempt " + attempt
                        + "; queued again for attempt " + (attempt + 1);
            }
            jdbc.update("""
                    UPDATE training_job SET status = ?, status_message = ?, lease_owner = NULL, lease_expires_at = NULL,
                        finished_at = ?, updated_at = ?, version = version + 1 WHERE id = ?""",
                    next.name(), message, next.isFinal() ? now() : null, now(), id);
            recordTransition(id, next, message, null);
        }
        return expired.size();
    }

    private OffsetDateTime now() {
        return ts(clock.instant());
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String message) {
        return message == null || message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }
}
