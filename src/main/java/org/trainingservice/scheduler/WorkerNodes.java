package org.trainingservice.scheduler;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.job.DeviceCatalog;

/** The worker nodes that share the queue, as they recorded themselves. */
@Component
class WorkerNodes implements DeviceCatalog {

    /** GPU model names may hold spaces and dashes, not semicolons. */
    private static final String GPU_SEPARATOR = ";";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public WorkerNodes(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public void register(String nodeId, NodeHardware hardware, Map<String, Integer> slotsByDevice) {
        OffsetDateTime now = now();
        String devices = String.join(",", hardware.devices());
        String gpus = String.join(GPU_SEPARATOR, hardware.gpus());
        int slots = slotsByDevice.values().stream().mapToInt(Integer::intValue).sum();
        String perDevice = slotsByDevice.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        int updated = jdbc.update("UPDATE worker_node SET devices = ?, slots = ?, slots_by_device = ?, natives = ?,"
                        + " flavor = ?, gpus = ?, started_at = ?, heartbeat_at = ? WHERE node_id = ?",
                devices, slots, perDevice, hardware.natives(), hardware.flavor(), gpus, now, now, nodeId);
        if (updated == 0) {
            jdbc.update("INSERT INTO worker_node (node_id, devices, slots, slots_by_device, natives, flavor, gpus,"
                    + " started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", nodeId, devices, slots, perDevice,
                    hardware.natives(), hardware.flavor(), gpus, now, now);
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
        return jdbc.query("SELECT node_id, devices, slots, started_at, heartbeat_at, natives, flavor, gpus, warm_processes,"
                        + " slots_by_device FROM worker_node ORDER BY node_id",
                (rs, n) -> new NodeView(rs.getString(1), Arrays.asList(rs.getString(2).split(",")), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getString(6), rs.getString(7), split(rs.getString(8)), rs.getInt(9),
                        slotsByDevice(rs.getString(10))));
    }

    private static Map<String, Integer> slotsByDevice(String stored) {
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (String entry : stored.isEmpty() ? new String[0] : stored.split(",")) {
            int eq = entry.lastIndexOf('=');
            slots.put(entry.substring(0, eq), Integer.parseInt(entry.substring(eq + 1)));
        }
        return slots;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, List<String>> devicesByNode() {
        Map<String, List<String>> devices = new LinkedHashMap<>();
        jdbc.query("SELECT node_id, devices FROM worker_node ORDER BY node_id",
                rs -> { devices.put(rs.getString(1), Arrays.asList(rs.getString(2).split(","))); });
        return devices;
    }

    private static List<String> split(String gpus) {
        return gpus.isEmpty() ? List.of() : Arrays.asList(gpus.split(GPU_SEPARATOR));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
