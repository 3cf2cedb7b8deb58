package org.trainingservice.metrics;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Metric points in the database: written in batches, read in pages by a cursor (the point's sequence id). */
@Component
public class MetricStore {

    private final JdbcTemplate jdbc;

    public MetricStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void append(UUID jobId, List<MetricPoint> points) {
        jdbc.batchUpdate("""
                INSERT INTO metric_point (job_id, step, epoch, name, metric_value, fold_index, member_index, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", points, points.size(), (ps, p) -> {
            ps.setObject(1, jobId);
            ps.setLong(2, p.step());
            ps.setInt(3, p.epoch());
            ps.setString(4, p.name());
            ps.setDouble(5, p.value());
            ps.setObject(6, p.fold());
            ps.setObject(7, p.member());
            ps.setObject(8, OffsetDateTime.ofInstant(p.timestamp(), ZoneOffset.UTC));
        });
    }

    /**
     * The cursor of the job's latest point (0 if none): a checkpoint keeps it, so that an attempt resuming from that
     * checkpoint can remove what was recorded after it ({@link #deleteAfter}).
     */
    @Transactional(readOnly = true)
    public long latestCursor(UUID jobId) {
        Long cursor = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM metric_point WHERE job_id = ?", Long.class,
                jobId);
        return cursor == null ? 0 : cursor;
    }

    /** Removes the points recorded after {@code cursor} (a resumed attempt records those epochs again). */
    @Transactional
    public int deleteAfter(UUID jobId, long cursor) {
        return jdbc.update("DELETE FROM metric_point WHERE job_id = ? AND id > ?", jobId, cursor);
    }

    @Transactional(readOnly = true)
    public MetricPage page(UUID jobId, String name, long after, int limit) {
        List<Object> args = new ArrayList<>(List.of(jobId, after));
        String byName = "";
        if (name != null) {
            byName = " AND name = ?";
            args.add(name);
        }
        args.add(limit + 1);
        List<Row> rows = jdbc.query("""
                SELECT id, step, epoch, name, metric_value, recorded_at, fold_index, member_index FROM metric_point
                WHERE job_id = ? AND id > ?""" + byName + " ORDER BY id LIMIT ?", (rs, n) -> new Row(rs.getLong(1),
                new MetricPoint(rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getDouble(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant(),
                        (Integer) rs.getObject(7), (Integer) rs.getObject(8))), args.toArray());
        List<MetricPoint> points = rows.stream().limit(limit).map(Row::point).toList();
        return new MetricPage(points, rows.size() > limit ? Long.toString(rows.get(limit - 1).id()) : null);
    }

    private record Row(long id, MetricPoint point) {
    }

}
