package org.trainingservice.experiment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.trainingservice.job.JobEvents;

/**
 * The experiment's own rows: the experiment, its transitions, what each trial reported at each rung, and its event
 * log. Trials themselves are jobs, read through the jobs' API.
 */
@Component
class ExperimentStore {

    private static final String ACTIVE = ExperimentStatus.ACTIVE.stream().map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", "));
    private static final String COLUMNS = "id, tenant, name, spec_json, status, status_message, created_at, updated_at, "
            + "finished_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ExperimentStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Row(UUID id, String tenant, String name, String specJson, ExperimentStatus status, String statusMessage,
               Instant createdAt, Instant updatedAt, Instant finishedAt) {
    }

    record Transition(ExperimentStatus status, Instant at, String message) {
    }

    /** What trial {@code trialNumber} reported after {@code epoch} epochs. */
    record Report(int trialNumber, int epoch, Double objective) {
    }

    @Transactional
    void insert(UUID id, String tenant, String name, String specJson) {
        jdbc.update("INSERT INTO experiment (" + COLUMNS + ", version) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, NULL, 0)",
                id, tenant, name, specJson, "submitted", now(), now());
        transition(id, ExperimentStatus.RUNNING, "submitted");
    }

    /** Locks an active experiment for one node's turn; empty when it is final or another node holds it. */
    @Transactional
    Optional<Row> lockActive(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM experiment WHERE id = ? AND status IN (" + ACTIVE
                + ") FOR UPDATE SKIP LOCKED", this::row, id).stream().findFirst();
    }

    @Transactional(readOnly = true)
    List<UUID> activeIds() {
        return jdbc.queryForList("SELECT id FROM experiment WHERE status IN (" + ACTIVE + ") ORDER BY created_at",
                UUID.class);
    }

    /** Moves the experiment if its table allows; a final state also logs the {@code finished} event. */
    @Transactional
    boolean move(UUID id, ExperimentStatus to, String message) {
        List<String> current = jdbc.queryForList("SELECT status FROM experiment WHERE id = ? FOR UPDATE", String.class, id);
        if (current.isEmpty() || !ExperimentStatus.valueOf(current.get(0)).canMoveTo(to)) {
            return false;
        }
        jdbc.update("UPDATE experiment SET status = ?, status_message = ?, updated_at = ?, finished_at = ?, "
                + "version = version + 1 WHERE id = ?", to.name(), message, now(), to.isFinal() ? now() : null, id);
        transition(id, to, message);
        if (to.isFinal()) {
            appendEvent(id, "finished", "{\"status\": \"" + to.name() + "\"}");
        }
        return true;
    }

    /** The best trial as last announced, or null. */
    @Transactional(readOnly = true)
    Integer announcedBest(UUID id) {
        return jdbc.queryForObject("SELECT best_trial FROM experiment WHERE id = ?", Integer.class, id);
    }

    @Transactional
    void announceBest(UUID id, int trial, Double objective) {
        jdbc.update("UPDATE experiment SET best_trial = ?, best_objective = ?, updated_at = ?, version = version + 1 "
                + "WHERE id = ?", trial, objective, now(), id);
    }

    @Transactional(readOnly = true)
    Optional<Row> find(UUID id, String tenant) {
        return tenant == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM experiment WHERE id = ?", this::row, id).stream().findFirst()
                : jdbc.query("SELECT " + COLUMNS + " FROM experiment WHERE id = ? AND tenant = ?", this::row, id, tenant)
                .stream().findFirst();
    }

    @Transactional(readOnly = true)
    List<Row> page(String tenant, int page, int size) {
        String order = " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
        return tenant == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM experiment" + order, this::row, size, (long) page * size)
                : jdbc.query("SELECT " + COLUMNS + " FROM experiment WHERE tenant = ?" + order, this::row, tenant, size,
                (long) page * size);
    }

    @Transactional(readOnly = true)
    long count(String tenant) {
        return tenant == null ? jdbc.queryForObject("SELECT COUNT(*) FROM experiment", Long.class)
                : jdbc.queryForObject("SELECT COUNT(*) FROM experiment WHERE tenant = ?", Long.class, tenant);
    }

    @Transactional(readOnly = true)
    Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM experiment GROUP BY status",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    @Transactional(readOnly = true)
    List<Transition> transitions(UUID id) {
        return jdbc.query("SELECT status, transitioned_at, message FROM experiment_transition WHERE experiment_id = ? "
                + "ORDER BY id", (rs, n) -> new Transition(ExperimentStatus.valueOf(rs.getString(1)),
                rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)), id);
    }

    @Transactional(readOnly = true)
    List<Report> reports(UUID id) {
        return jdbc.query("SELECT trial_number, epoch, objective FROM trial_report WHERE experiment_id = ? "
                + "ORDER BY reported_at, trial_number, epoch", (rs, n) -> new Report(rs.getInt(1), rs.getInt(2),
                (Double) rs.getObject(3)), id);
    }

    /** Called under the experiment's lock, so no other node adds the same report meanwhile. */
    @Transactional
    void addReport(UUID id, Report report) {
        jdbc.update("INSERT INTO trial_report (experiment_id, trial_number, epoch, objective, reported_at) "
                + "VALUES (?, ?, ?, ?, ?)", id, report.trialNumber(), report.epoch(), report.objective(), now());
    }

    @Transactional
    void appendEvent(UUID id, String type, String payloadJson) {
        jdbc.update("INSERT INTO experiment_event (experiment_id, event_type, payload, created_at) VALUES (?, ?, ?, ?)",
                id, type, payloadJson, now());
    }

    @Transactional(readOnly = true)
    List<JobEvents.Event> eventsAfter(UUID id, long lastId, int limit) {
        return jdbc.query("SELECT id, event_type, payload FROM experiment_event WHERE experiment_id = ? AND id > ? "
                        + "ORDER BY id LIMIT ?", (rs, n) -> new JobEvents.Event(rs.getLong(1), rs.getString(2),
                rs.getString(3)), id, lastId, limit);
    }

    private void transition(UUID id, ExperimentStatus status, String message) {
        jdbc.update("INSERT INTO experiment_transition (experiment_id, status, transitioned_at, message) VALUES (?, ?, ?, ?)",
                id, status.name(), now(), message);
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime finished = rs.getObject(9, OffsetDateTime.class);
        return new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                ExperimentStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant(), finished == null ? null : finished.toInstant());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
