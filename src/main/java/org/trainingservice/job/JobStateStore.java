package org.trainingservice.job;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The changes of a job's state that the API, the workers, lease recovery and experiments ask for. Each one is a move
 * through {@link JobMover}, which checks it against {@link JobStatus}'s table and the lease; a worker's writes are
 * fenced by {@code lease_owner = node}, so a node that lost its lease (and may not know it yet) never overwrites the
 * job's new owner.
 */
@Component
public class JobStateStore {

    private static final String LEASED = JobStatus.sqlList(JobStatus.LEASED);

    private final JdbcTemplate jdbc;
    private final JobMover mover;
    private final JobModels models;
    private final Clock clock;

    public JobStateStore(JdbcTemplate jdbc, JobMover mover, JobModels models, Clock clock) {
        this.jdbc = jdbc;
        this.mover = mover;
        this.models = models;
        this.clock = clock;
    }

    /** The first transition of a job just inserted as QUEUED. */
    @Transactional
    public void recordSubmitted(UUID jobId, String message) {
        mover.recordTransition(jobId, JobStatus.QUEUED, message, null);
    }

    private boolean move(UUID jobId, JobStatus to, String message, String node, JobMover.Fence fence, String set,
                         Object... args) {
        return mover.move(jobId, to, message, node, fence, set, args);
    }

    /**
     * Locks the job's row if {@code node} still holds its lease: every write of a running attempt goes through this
     * first, in the same transaction, so a node that lost its lease writes nothing.
     */
    @Transactional
    public boolean lockIfOwner(UUID jobId, String node) {
        List<String> owner = jdbc.queryForList("SELECT lease_owner FROM training_job WHERE id = ? AND status IN ("
                + LEASED + ") FOR UPDATE", String.class, jobId);
        return owner.size() == 1 && node.equals(owner.get(0));
    }

    /**
     * The attempt on {@code node} ended without finishing (its training process died): the job goes back to the queue
     * to resume from its latest checkpoint, or fails once {@code maxAttempts} attempts failed. Promotions of an
     * experiment's trial start attempts too, but do not count against the limit.
     *
     * @return the status the job took, or null if the lease was lost meanwhile
     */
    @Transactional
    public JobStatus retryOrFail(ClaimedJob job, String node, int maxAttempts, String reason) {
        int counted = job.attempt() - job.promotions();
        if (counted >= maxAttempts) {
            String message = reason + "; gave up after " + counted + " attempts (training.max-attempts=" + maxAttempts + ")";
            return finish(job.id(), node, JobStatus.FAILED, message, null) ? JobStatus.FAILED : null;
        }
        String message = reason + "; queued again to resume from its latest checkpoint (attempt " + (counted + 1)
                + " of " + maxAttempts + ")";
        return move(job.id(), JobStatus.QUEUED, message, node, JobMover.Fence.leaseOf(node), "") ? JobStatus.QUEUED : null;
    }

    /**
     * QUEUED and PAUSED jobs are cancelled at once; RUNNING ones are marked CANCELLING for their worker to stop.
     * {@code why} ends each message, e.g. "" for a user's cancel or " with experiment 1234".
     *
     * @return false when the job is in no state a cancel acts on
     */
    @Transactional
    public boolean requestCancel(UUID jobId, String why) {
        List<String> status = jdbc.queryForList("SELECT status FROM training_job WHERE id = ? FOR UPDATE", String.class,
                jobId);
        if (status.isEmpty() || !JobStatus.CANCELLABLE.contains(JobStatus.valueOf(status.get(0)))) {
            return false;
        }
        return switch (JobStatus.valueOf(status.get(0))) {
            case RUNNING -> move(jobId, JobStatus.CANCELLING, "cancel requested" + why + "; stopping at the next batch",
                    null, JobMover.Fence.NONE, "");
            case PAUSED -> move(jobId, JobStatus.CANCELLED, "cancelled while paused" + why, null, JobMover.Fence.NONE, "");
            default -> move(jobId, JobStatus.CANCELLED, "cancelled before it started" + why, null, JobMover.Fence.NONE, "");
        };
    }

    /**
     * Claims the most urgent queued job (highest priority, then oldest) for {@code node}, skipping rows others hold and
     * tenants that already run {@code maxRunningPerTenant} jobs, among the jobs whose {@code training.device} is one
     * of {@code devices} (those the node has a free slot for: a {@code cuda:1} job waits for a node with that GPU).
     * {@code resumeNote} says, for a job that continues from a checkpoint, which one (null otherwise); it goes into the
     * RUNNING transition.
     */
    @Transactional
    public Optional<ClaimedJob> claimNext(String node, Instant leaseUntil, int maxRunningPerTenant,
                                          Collection<String> devices, Function<UUID, String> resumeNote) {
        if (devices.isEmpty()) {
            return Optional.empty();
        }
        List<Object> arguments = new ArrayList<>(devices);
        arguments.add(maxRunningPerTenant);
        List<UUID> ids = jdbc.queryForList("""
                SELECT j.id FROM training_job j WHERE j.status = 'QUEUED' AND j.device IN (%s)
                  AND (SELECT COUNT(*) FROM training_job r WHERE r.tenant = j.tenant AND r.status IN (%s)) < ?
                ORDER BY j.priority DESC, j.created_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED"""
                        .formatted(String.join(", ", Collections.nCopies(devices.size(), "?")), LEASED),
                UUID.class, arguments.toArray());
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        UUID id = ids.get(0);
        int attempt = jdbc.queryForObject("SELECT attempt FROM training_job WHERE id = ?", Integer.class, id) + 1;
        String resumed = resumeNote.apply(id);
        String message = "attempt " + attempt + " started" + (resumed == null ? "" : "; " + resumed);
        move(id, JobStatus.RUNNING, message, node, JobMover.Fence.NONE, """
                        , attempt = ?, node = ?, lease_owner = ?, lease_expires_at = ?, started_at = COALESCE(started_at, ?)""",
                attempt, node, node, ts(leaseUntil), now());
        return Optional.of(jdbc.queryForObject("""
                        SELECT id, tenant, spec_json, dataset_id, attempt, promotions, pause_at_epoch, device,
                            experiment_id
                        FROM training_job WHERE id = ?""",
                (rs, n) -> new ClaimedJob(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getInt(5), rs.getInt(6), (Integer) rs.getObject(7),
                        rs.getString(8), rs.getObject(9, UUID.class)), id));
    }

    /** Renews the lease; tells whether it is still held and whether a cancel was asked for. */
    @Transactional
    public LeaseStatus heartbeat(UUID jobId, String node, Instant leaseUntil) {
        int renewed = jdbc.update("UPDATE training_job SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?"
                + " AND status IN (" + LEASED + ")", ts(leaseUntil), jobId, node);
        if (renewed == 0) {
            return LeaseStatus.LOST;
        }
        String status = jdbc.queryForObject("SELECT status FROM training_job WHERE id = ?", String.class, jobId);
        return JobStatus.CANCELLING.name().equals(status) ? LeaseStatus.CANCEL_REQUESTED : LeaseStatus.HELD;
    }

    /** Stores progress; false when the lease is no longer this node's (nothing is written then). */
    @Transactional
    public boolean recordProgress(UUID jobId, String node, int epoch, int totalEpochs, double fraction, Long eta,
                                  String label, String latestMetricsJson) {
        return jdbc.update("""
                UPDATE training_job SET progress_epoch = ?, progress_total_epochs = ?, progress_fraction = ?,
                    eta_seconds = ?, progress_label = ?, latest_metrics_json = ?, updated_at = ?, version = version + 1
                WHERE id = ? AND lease_owner = ? AND status IN (%s)""".formatted(LEASED),
                epoch, totalEpochs, fraction, eta, label, latestMetricsJson, now(), jobId, node) == 1;
    }

    /** Ends a job this node holds; false when the lease was lost meanwhile (nothing is written then). */
    @Transactional
    public boolean finish(UUID jobId, String node, JobStatus status, String message, String resultJson) {
        return move(jobId, status, message, node, JobMover.Fence.leaseOf(node), ", result_json = COALESCE(?, result_json)"
                + (status == JobStatus.SUCCEEDED ? ", progress_fraction = 1.0" : ""), resultJson);
    }

    /**
     * Ends a job this node holds as SUCCEEDED and stores its trained model with the encoding of raw instances, in one
     * transaction.
     */
    @Transactional
    public boolean succeed(UUID jobId, String node, String message, String resultJson, byte[] model, String encodingJson) {
        return finish(jobId, node, JobStatus.SUCCEEDED, message, resultJson) && models.store(jobId, model, encodingJson);
    }

    /**
     * An experiment's trial reached the epoch it was to pause at: its rung result and model are stored (so that it can
     * be compared, predicted with and, if never promoted, kept as it is) and the job waits PAUSED.
     */
    @Transactional
    public boolean pause(UUID jobId, String node, String message, String resultJson, byte[] model, String encodingJson) {
        return move(jobId, JobStatus.PAUSED, message, node, JobMover.Fence.leaseOf(node), ", result_json = ?", resultJson)
                && models.store(jobId, model, encodingJson);
    }

    /** A paused trial goes back to the queue to continue from its checkpoint up to {@code pauseAtEpoch} (null: to the end). */
    @Transactional
    public boolean promote(UUID jobId, Integer pauseAtEpoch, String message) {
        return move(jobId, JobStatus.QUEUED, message, null, JobMover.Fence.NONE,
                ", pause_at_epoch = ?, promotions = promotions + 1", pauseAtEpoch);
    }

    /** A paused trial its experiment will not promote any more ends SUCCEEDED with its rung result. */
    @Transactional
    public boolean prune(UUID jobId, String message, String resultJson) {
        return move(jobId, JobStatus.SUCCEEDED, message, null, JobMover.Fence.NONE, ", result_json = ?", resultJson);
    }

    /** Gives a held job back to the queue at once (a node shutting down), without counting a failure. */
    @Transactional
    public boolean release(UUID jobId, String node, String message) {
        return move(jobId, JobStatus.QUEUED, message, node, JobMover.Fence.leaseOf(node), "");
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
                SELECT id, status, attempt - promotions, lease_owner FROM training_job
                WHERE status IN (%s) AND lease_expires_at < ? FOR UPDATE SKIP LOCKED""".formatted(LEASED),
                (rs, n) -> new Object[]{rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getString(4)},
                now());
        for (Object[] row : expired) {
            int attempt = (Integer) row[2];
            String owner = (String) row[3];
            JobStatus next;
            String message;
            if (JobStatus.CANCELLING.name().equals(row[1])) {
                next = JobStatus.CANCELLED;
                message = "cancelled; node " + owner + " stopped responding while stopping it";
            } else if (attempt >= maxAttempts) {
                next = JobStatus.FAILED;
                message = "node " + owner + " stopped renewing the lease; gave up after " + maxAttempts
                        + " attempts (see transitions)";
            } else {
                next = JobStatus.QUEUED;
                message = "node " + owner + " stopped renewing the lease; queued again to resume from its latest checkpoint";
            }
            move((UUID) row[0], next, message, null, JobMover.Fence.NONE, "");
        }
        return expired.size();
    }

    private OffsetDateTime now() {
        return ts(clock.instant());
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

}
