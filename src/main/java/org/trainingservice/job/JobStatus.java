package org.trainingservice.job;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A job's states and the one table of the moves between them (in the style of JobRunr's allowed state changes).
 * Every writer goes through {@link JobStateStore}, which refuses a move this table does not allow.
 *
 * <pre>
 * QUEUED     -> RUNNING (claimed), CANCELLED (cancelled before it started)
 * RUNNING    -> SUCCEEDED, FAILED, CANCELLING (cancel asked), QUEUED (released, retried, lease expired),
 *               PAUSED (an experiment's trial checkpointed at a rung)
 * CANCELLING -> CANCELLED, SUCCEEDED or FAILED (the run ended before it saw the cancel)
 * PAUSED     -> QUEUED (promoted: resumes from its rung checkpoint), SUCCEEDED (pruned when its experiment ended),
 *               CANCELLED (its experiment was cancelled)
 * </pre>
 */
public enum JobStatus {
    QUEUED, RUNNING, PAUSED, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = allowedMoves();

    private static Map<JobStatus, Set<JobStatus>> allowedMoves() {
        Map<JobStatus, Set<JobStatus>> moves = new EnumMap<>(JobStatus.class);
        moves.put(QUEUED, EnumSet.of(RUNNING, CANCELLED));
        moves.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLING, QUEUED, PAUSED));
        moves.put(CANCELLING, EnumSet.of(CANCELLED, SUCCEEDED, FAILED));
        moves.put(PAUSED, EnumSet.of(QUEUED, SUCCEEDED, CANCELLED));
        moves.put(SUCCEEDED, EnumSet.noneOf(JobStatus.class));
        moves.put(FAILED, EnumSet.noneOf(JobStatus.class));
        moves.put(CANCELLED, EnumSet.noneOf(JobStatus.class));
        moves.replaceAll((from, to) -> Collections.unmodifiableSet(to));
        return Collections.unmodifiableMap(moves);
    }

    /** The states a worker holds a lease in: it trains the job, or is stopping it. */
    public static final Set<JobStatus> LEASED = Collections.unmodifiableSet(EnumSet.of(RUNNING, CANCELLING));

    /** The states a cancel acts on. */
    public static final Set<JobStatus> CANCELLABLE = Collections.unmodifiableSet(EnumSet.of(QUEUED, RUNNING, PAUSED));

    public boolean canMoveTo(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** The states this one may move to. */
    public Set<JobStatus> next() {
        return ALLOWED.get(this);
    }

    public boolean isFinal() {
        return ALLOWED.get(this).isEmpty();
    }

    /** {@code 'A', 'B'}: a set of states for an SQL {@code IN (...)}, so that queries follow the enum. */
    public static String sqlList(Set<JobStatus> statuses) {
        return statuses.stream().sorted().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    }
}
