package org.trainingservice.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SecondNode;

/**
 * A node killed (SIGKILL) while it writes a checkpoint into the database leaves either the whole checkpoint (its row
 * and every chunk of its bytes) or none of it: row and chunks are one transaction, which PostgreSQL rolls back when
 * the node's connection dies.
 */
class CheckpointKillTest extends IntegrationTest {

    private static final String NODE = "checkpoint-node";
    /** This node's one slot is kept busy, so that the job goes to the node that is killed. */
    private static final String BLOCKER = """
            {"name": "blocker", "dataset": {"builtin": "moons", "samples": 500}, "model": {"hidden": [8]},
             "training": {"epochs": 3000, "batchMode": "stochastic"}}""";
    /** A wide model: each checkpoint is some 12 MB (weights and Adam's moments), written in 1 MB chunks. */
    private static final String WIDE = """
            {"name": "wide", "dataset": {"builtin": "moons", "samples": 300}, "model": {"hidden": [1024, 1024]},
             "training": {"epochs": 500}, "checkpoint": {"everyEpochs": 1, "keepLast": 3}}""";

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aNodeKilledWhileWritingACheckpointLeavesOnlyWholeCheckpoints() {
        String blocker = submit(BLOCKER);
        awaitJob(blocker, j -> "RUNNING".equals(j.get("status").asString()), Duration.ofSeconds(60));
        String id;
        List<Long> committedBeforeKill;
        try (SecondNode node = SecondNode.start(NODE,
                "--spring.datasource.hikari.data-source-properties.ApplicationName=" + NODE)) {
            id = submit(WIDE);
            Instant deadline = Instant.now().plusSeconds(180);
            // the kill is aimed at the write of the second checkpoint or a later one: one whole one is stored by then
            while (!(writingChunks() && checkpointIds(id).size() >= 1) && Instant.now().isBefore(deadline)) {
                sleep(2);
            }
            assertThat(writingChunks()).as("the kill lands while the node writes a checkpoint's chunks").isTrue();
            committedBeforeKill = checkpointIds(id);
            node.kill();
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (sessions() > 0 && Instant.now().isBefore(deadline)) {
            sleep(20);
        }
        assertThat(sessions()).as("the dead node's sessions are gone").isZero();

        List<Long> after = checkpointIds(id);
        // the write in progress at the kill left nothing (or, had its commit beaten the kill, one whole checkpoint)
        assertThat(after.size() - committedBeforeKill.size()).as("checkpoints %s, before the kill %s", after,
                committedBeforeKill).isBetween(0, 1);
        assertThat(after).isNotEmpty();
        for (Map<String, Object> row : jdbc.queryForList("""
                SELECT c.id, c.size_bytes, COALESCE(SUM(LENGTH(k.data)), 0) AS stored, COUNT(k.seq) AS chunks,
                       COALESCE(MAX(k.seq), -1) AS last_seq
                FROM checkpoint c LEFT JOIN checkpoint_chunk k ON k.checkpoint_id = c.id
                WHERE c.job_id = ? GROUP BY c.id, c.size_bytes""", UUID.fromString(id))) {
            long size = ((Number) row.get("size_bytes")).longValue();
            assertThat(size).as("checkpoint %s is a real one", row.get("id")).isGreaterThan(5L << 20);
            assertThat(((Number) row.get("stored")).longValue()).as("bytes of checkpoint %s", row.get("id")).isEqualTo(size);
            assertThat(((Number) row.get("chunks")).longValue()).as("chunks of checkpoint %s are 0..n-1", row.get("id"))
                    .isEqualTo(((Number) row.get("last_seq")).longValue() + 1);
        }
        api.post("/api/v1/jobs/" + blocker + "/cancel", "");
        api.post("/api/v1/jobs/" + id + "/cancel", "");
        awaitFinal(blocker, Duration.ofSeconds(60));
        awaitFinal(id, Duration.ofSeconds(60));
    }

    /** The node's last statement was a chunk insert: it is inside a checkpoint's write (commit and the rest follow). */
    private boolean writingChunks() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ? "
                + "AND query LIKE 'INSERT INTO checkpoint_chunk%'", Integer.class, NODE);
        return n != null && n > 0;
    }

    private List<Long> checkpointIds(String jobId) {
        return jdbc.queryForList("SELECT id FROM checkpoint WHERE job_id = ? ORDER BY id", Long.class, UUID.fromString(jobId));
    }

    private int sessions() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", Integer.class, NODE);
        return n == null ? 0 : n;
    }
}
