package org.trainingservice.scheduler;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.job.DeviceCatalog;

/** The worker nodes that share the queue, as they recorded themselves. */
@Component
public class WorkerNodes implements DeviceCatalog {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public WorkerNodes(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void register(String nodeId, List<String> devices, int slots) {
        OffsetDateTime now = now();
        int updated = jdbc.update("UPDATE worker_node SET devices = ?, slots = ?, started_at = ?, heartbeat_at = ? WHERE node_id = ?",
                String.join(",", devices), slots, now, now, nodeId);
        if (updated == 0) {
            jdbc.update("INSERT INTO worker_node (node_id, devices, slots, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)",
                    nodeId, String.join(",", devices), slots, now, now);
        }
    }

    /** The node is alive, with {@code warmProcesses} training processes ready for a job. */
    @Transactional
    public void heartbeat(String nodeId, int warmProcesses) {
        jdbc.update("UPDATE worker_node SET heartbeat_at = ?, warm_processes = ? WHERE node_id = ?", now(), warmProcesses,
                nodeId);
    }

    @Transactional(readOnly = true)
    public List<NodeView> list() {
        return jdbc.query("""
                        SELECT node_id, devices, slots, started_at, heartbeat_at, warm_processes FROM worker_node
                        ORDER BY node_id""",
                (rs, n) -> new NodeView(rs.getString(1), Arrays.asList(rs.getString(2).split(",")), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getInt(6)));
    }

    @Override
    @Transactional(readOnly = true)
    public boolean anyWorkerHasCuda() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM worker_node WHERE devices LIKE '%cuda%'", Integer.class);
        return count != null && count > 0;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
