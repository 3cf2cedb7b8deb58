package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.trainingservice.support.IntegrationTest;

/** Every pair of states moved in the real database, against the moves {@link JobStatusTableTest} writes out. */
class JobStateMachineTest extends IntegrationTest {

    @Autowired
    JobMover mover;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void everyPairIsMovedInTheDatabaseIfAndOnlyIfTheTableAllowsIt() {
        List<String> wrong = new ArrayList<>();
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                // each pair in a transaction rolled back at the end: the test's worker never sees these rows
                transactions.executeWithoutResult(tx -> {
                    checkMove(from, to, wrong);
                    tx.setRollbackOnly();
                });
            }
        }
        assertThat(wrong).isEmpty();
    }

    private void checkMove(JobStatus from, JobStatus to, List<String> wrong) {
        UUID id = jobIn(from);
        long version = version(id);
        boolean moved = mover.move(id, to, "test move", "node-a", JobMover.Fence.NONE, "");
        boolean legal = JobStatusTableTest.LEGAL.contains(from + "->" + to);
        String status = jdbc.queryForObject("SELECT status FROM training_job WHERE id = ?", String.class, id);
        Integer transitions = jdbc.queryForObject(
                "SELECT COUNT(*) FROM job_transition WHERE job_id = ? AND message = 'test move'", Integer.class, id);
        boolean consistent = moved == legal && status.equals((legal ? to : from).name())
                && transitions == (legal ? 1 : 0) && version(id) == version + (legal ? 1 : 0);
        if (!consistent) {
            wrong.add(from + "->" + to + " moved=" + moved + " status=" + status + " transitions=" + transitions);
        }
        if (legal && !JobStatus.LEASED.contains(to)) {
            assertThat(jdbc.queryForObject("SELECT lease_owner FROM training_job WHERE id = ?", String.class, id))
                    .as("leaving the leased states ends the lease: " + from + "->" + to).isNull();
        }
        if (legal) {
            assertThat(jdbc.queryForObject("SELECT finished_at FROM training_job WHERE id = ?",
                    OffsetDateTime.class, id) != null).as(from + "->" + to).isEqualTo(to.isFinal());
        }
    }

    @Test
    void aWorkersMoveNeedsItsLease() {
        transactions.executeWithoutResult(tx -> {
            leaseFences();
            tx.setRollbackOnly();
        });
    }

    private void leaseFences() {
        UUID id = jobIn(JobStatus.RUNNING);
        assertThat(mover.move(id, JobStatus.SUCCEEDED, "done", "node-b", JobMover.Fence.leaseOf("node-b"), "")).isFalse();
        assertThat(jdbc.queryForObject("SELECT status FROM training_job WHERE id = ?", String.class, id)).isEqualTo("RUNNING");
        assertThat(mover.move(id, JobStatus.SUCCEEDED, "done", "node-a", JobMover.Fence.leaseOf("node-a"), "")).isTrue();
        assertThat(jdbc.queryForObject("SELECT status FROM training_job WHERE id = ?", String.class, id))
                .isEqualTo("SUCCEEDED");
        List<String> events = jdbc.queryForList("SELECT event_type FROM job_event WHERE job_id = ? ORDER BY id",
                String.class, id);
        assertThat(events).containsExactly("status", "finished");
    }

    private UUID jobIn(JobStatus status) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update("""
                INSERT INTO training_job (id, tenant, name, spec_json, device, status, priority, attempt, lease_owner,
                    lease_expires_at, progress_epoch, progress_total_epochs, progress_fraction, created_at, updated_at,
                    version)
                VALUES (?, 'state-machine-test', 'moves', '{}', 'cpu', ?, 0, 1, 'node-a', ?, 0, 1, 0, ?, ?, 0)""",
                id, status.name(), now.plusMinutes(5), now, now);
        return id;
    }

    private long version(UUID id) {
        return jdbc.queryForObject("SELECT version FROM training_job WHERE id = ?", Long.class, id);
    }
}
