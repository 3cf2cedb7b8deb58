package org.trainingservice.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.job.JobEvents;
import org.trainingservice.job.JobStateStore;
import org.trainingservice.metrics.MetricStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checkpoints in the database. Blobs are streamed in from the training process's file and out to a download or a
 * resuming attempt, never held whole in the API's heap. Retention (the last {@code keepLast} plus the best by the
 * monitored metric) is applied in the transaction that adds a checkpoint.
 */
@Component
public class CheckpointStore {

    private static final int CHUNK = 1 << 20;

    private final JdbcTemplate jdbc;
    private final JobStateStore states;
    private final JobEvents events;
    private final MetricStore metrics;
    private final JsonMapper json;
    private final Clock clock;

    public CheckpointStore(JdbcTemplate jdbc, JobStateStore states, JobEvents events, MetricStore metrics,
                           JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.states = states;
        this.events = events;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Stores a checkpoint of an attempt that {@code node} still owns, then prunes older ones; false (and nothing
     * written) if the lease was lost.
     */
    @Transactional
    public boolean save(UUID jobId, String node, int attempt, CheckpointMeta info, Path file, int keepLast, boolean keepBest) {
        if (!states.lockIfOwner(jobId, node)) {
            return false;
        }
        long cursor = metrics.latestCursor(jobId);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO checkpoint (job_id, attempt, sub_run, label, epoch, batches_done, metric_name, metric_value,
                        maximize, size_bytes, metrics_cursor, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"});
            ps.setObject(1, jobId);
            ps.setInt(2, attempt);
            ps.setInt(3, info.subRun());
            ps.setString(4, info.label());
            ps.setInt(5, info.epoch());
            ps.setInt(6, info.batchesDone());
            ps.setString(7, info.metric());
            ps.setObject(8, Double.isFinite(info.value()) ? info.value() : null);
            ps.setBoolean(9, info.maximize());
            ps.setLong(10, size);
            ps.setLong(11, cursor);
            ps.setObject(12, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            return ps;
        }, key);
        long id = key.getKey().longValue();
        try (InputStream content = Files.newInputStream(file)) {
            byte[] chunk = new byte[CHUNK];
            int seq = 0;
            int n;
            while ((n = content.readNBytes(chunk, 0, CHUNK)) > 0) {
                jdbc.update("INSERT INTO checkpoint_chunk (checkpoint_id, seq, data) VALUES (?, ?, ?)", id, seq++,
                        n == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        prune(jobId, keepLast, keepBest);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("subRun", info.subRun());
        payload.put("label", info.label());
        payload.put("epoch", info.epoch());
        payload.put("metric", info.metric());
        payload.put("value", Double.isFinite(info.value()) ? info.value() : null);
        payload.put("sizeBytes", size);
        events.append(jobId, "checkpoint", json.writeValueAsString(payload));
        return true;
    }

    /** Keeps the newest {@code keepLast} and, if asked, the best of the latest sub-run by its monitored metric. */
    private void prune(UUID jobId, int keepLast, boolean keepBest) {
        List<Long> newest = jdbc.queryForList("SELECT id FROM checkpoint WHERE job_id = ? ORDER BY id DESC LIMIT ?",
                Long.class, jobId, Math.max(keepLast, 1));
        Long best = null;
        if (keepBest) {
            List<Long> found = jdbc.queryForList("""
                    SELECT id FROM checkpoint WHERE job_id = ? AND metric_value IS NOT NULL
                      AND sub_run = (SELECT MAX(sub_run) FROM checkpoint WHERE job_id = ?)
                    ORDER BY CASE WHEN maximize THEN -metric_value ELSE metric_value END, id DESC LIMIT 1""",
                    Long.class, jobId, jobId);
            best = found.isEmpty() ? null : found.get(0);
        }
        List<Long> keep = new java.util.ArrayList<>(keepLast == 0 ? List.of() : newest);
        if (best != null) {
            keep.add(best);
        }
        if (keepLast == 0 && best == null && !newest.isEmpty()) {
            keep.add(newest.get(0)); // the latest stays until the job ends: it is what a resumed attempt needs
        }
        String placeholders = String.join(",", keep.stream().map(id -> "?").toList());
        Object[] args = new Object[keep.size() + 1];
        args[0] = jobId;
        for (int i = 0; i < keep.size(); i++) {
            args[i + 1] = keep.get(i);
        }
        jdbc.update("DELETE FROM checkpoint WHERE job_id = ? AND id NOT IN (" + placeholders + ")", args);
    }

    @Transactional(readOnly = true)
    public List<CheckpointView> list(UUID jobId) {
        return jdbc.query("""
                SELECT id, attempt, sub_run, label, epoch, batches_done, metric_name, metric_value, size_bytes, created_at
                FROM checkpoint WHERE job_id = ? ORDER BY id""", (rs, n) -> new CheckpointView(rs.getLong(1), rs.getInt(2),
                rs.getInt(3), rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getString(7), (Double) rs.getObject(8),
                rs.getLong(9), rs.getObject(10, OffsetDateTime.class).toInstant()), jobId);
    }

    /** The latest checkpoint's id, the metric cursor it was taken at and where in training it was taken. */
    public record Latest(long id, long metricsCursor, int epoch, int batchesDone, String label) {

        /** Where an attempt that continues from this checkpoint starts, in words. */
        public String describe() {
            String where = batchesDone == 0 ? "end of epoch " + epoch
                    : "epoch " + (epoch + 1) + " after batch " + batchesDone;
            return "resumes from checkpoint " + id + " (" + (label == null ? "" : label + ", ") + where + ")";
        }
    }

    @Transactional(readOnly = true)
    public Optional<Latest> latest(UUID jobId) {
        return jdbc.query("""
                        SELECT id, metrics_cursor, epoch, batches_done, label FROM checkpoint WHERE job_id = ?
                        ORDER BY id DESC LIMIT 1""",
                (rs, n) -> new Latest(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getString(5)), jobId)
                .stream().findFirst();
    }

    /** Streams a checkpoint's bytes to {@code target} a chunk at a time; false if the job has no such checkpoint. */
    public boolean copyContent(UUID jobId, long checkpointId, OutputStream target) {
        if (!exists(jobId, checkpointId)) {
            return false;
        }
        int seq = 0;
        while (true) {
            List<byte[]> chunk = jdbc.query("SELECT data FROM checkpoint_chunk WHERE checkpoint_id = ? AND seq = ?",
                    (rs, n) -> rs.getBytes(1), checkpointId, seq++);
            if (chunk.isEmpty()) {
                return true;
            }
            try {
                target.write(chunk.get(0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Transactional(readOnly = true)
    public boolean exists(UUID jobId, long checkpointId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM checkpoint WHERE job_id = ? AND id = ?", Integer.class,
                jobId, checkpointId);
        return n != null && n > 0;
    }
}
