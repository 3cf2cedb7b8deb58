package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link JobStatus}'s table of moves against the moves written out here, without a database (the mutation run takes
 * this class; {@link JobStateMachineTest} checks the same pairs against PostgreSQL).
 */
class JobStatusTableTest {

    /** The moves docs/architecture.md and the README promise, written out apart from {@link JobStatus}'s own table. */
    static final Set<String> LEGAL = Set.of(
            "QUEUED->RUNNING", "QUEUED->CANCELLED",
            "RUNNING->SUCCEEDED", "RUNNING->FAILED", "RUNNING->CANCELLING", "RUNNING->QUEUED", "RUNNING->PAUSED",
            "CANCELLING->CANCELLED", "CANCELLING->SUCCEEDED", "CANCELLING->FAILED",
            "PAUSED->QUEUED", "PAUSED->SUCCEEDED", "PAUSED->CANCELLED");

    @Test
    void theTableAllowsExactlyTheDocumentedMoves() {
        Set<String> allowed = new TreeSet<>();
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                if (from.canMoveTo(to)) {
                    allowed.add(from + "->" + to);
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(LEGAL);
        assertThat(List.of(JobStatus.values()).stream().filter(JobStatus::isFinal))
                .containsExactlyInAnyOrder(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);
        assertThat(JobStatus.sqlList(JobStatus.LEASED)).isEqualTo("'RUNNING', 'CANCELLING'");
    }
}
