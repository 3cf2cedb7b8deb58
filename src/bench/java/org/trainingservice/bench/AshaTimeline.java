package org.trainingservice.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Where an experiment's slot time went, from its trial jobs' transitions and events. An attempt (one training
 * process) holds a slot from its {@code RUNNING} transition to the transition that ends it ({@code PAUSED} at a rung,
 * or a final one); inside, its time splits into the process getting ready (to its {@code started} event), the epochs
 * (from {@code started} to the last {@code metrics} event: the epochs' training steps, and the rest, which is
 * evaluation and the per-epoch report), and the way from the last epoch to the ending transition (final evaluation,
 * checkpoint or model written and stored, process exit). Slot time with no attempt running is idle: waiting for the
 * experiment's next turn to queue a trial, or for a claim.
 */
final class AshaTimeline {

    private static final Set<String> ENDS = Set.of("PAUSED", "SUCCEEDED", "FAILED", "CANCELLED", "QUEUED");

    /** One row of a job's event log. */
    record Event(String type, JsonNode payload, Instant at) {
    }

    private record Transition(String status, Instant at) {
    }

    private int trials;
    private int attempts;
    /** The training processes the attempts ran in (a kept process trains several of an experiment's trials). */
    private final Set<Long> processes = new HashSet<>();
    private int promotions;
    private double training;
    private double busy;
    private double processReady;
    private double epochs;
    private double lastEpochToEnd;
    private double queuedToRunning;
    private int queuedToRunningCount;
    private double pausedToQueued;

    void addTrial(JsonNode transitionsJson, List<Event> events) {
        trials++;
        List<Transition> transitions = new ArrayList<>();
        transitionsJson.forEach(t -> transitions.add(new Transition(t.get("status").asString(),
                Instant.parse(t.get("at").asString()))));
        events.stream().filter(e -> e.type().equals("started"))
                .forEach(e -> processes.add(e.payload().get("pid").asLong()));
        events.stream().filter(e -> e.type().equals("metrics"))
                .forEach(e -> training += e.payload().get("seconds").asDouble());
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            if (t.status().equals("QUEUED") && i + 1 < transitions.size()
                    && transitions.get(i + 1).status().equals("RUNNING")) {
                queuedToRunning += seconds(t.at(), transitions.get(i + 1).at());
                queuedToRunningCount++;
            }
            if (t.status().equals("PAUSED") && i + 1 < transitions.size()
                    && transitions.get(i + 1).status().equals("QUEUED")) {
                promotions++;
                pausedToQueued += seconds(t.at(), transitions.get(i + 1).at());
            }
            if (t.status().equals("RUNNING")) {
                Instant end = transitions.stream().skip(i + 1).filter(x -> ENDS.contains(x.status())).findFirst()
                        .map(Transition::at).orElseThrow();
                attempt(t.at(), end, events);
            }
        }
    }

    /** One attempt from its claim to its end, taken apart by the events written in between. */
    private void attempt(Instant running, Instant end, List<Event> events) {
        attempts++;
        busy += seconds(running, end);
        List<Event> inside = events.stream().filter(e -> !e.at().isBefore(running) && !e.at().isAfter(end)).toList();
        Instant started = inside.stream().filter(e -> e.type().equals("started")).map(Event::at).findFirst().orElse(end);
        Instant lastEpoch = inside.stream().filter(e -> e.type().equals("metrics")).map(Event::at)
                .reduce((a, b) -> b).orElse(started);
        processReady += seconds(running, started);
        epochs += seconds(started, lastEpoch);
        lastEpochToEnd += seconds(lastEpoch, end);
    }

    int trials() {
        return trials;
    }

    int attempts() {
        return attempts;
    }

    int processes() {
        return processes.size();
    }

    int promotions() {
        return promotions;
    }

    double trainingSeconds() {
        return training;
    }

    /** The node's slot time (wall x slots), where it went, and means per attempt. */
    Map<String, Object> slotSeconds(double wall, int slots) {
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("total", wall * slots);
        split.put("attemptsRunning", busy);
        split.put("processReady", processReady);
        split.put("epochTraining", training);
        split.put("epochEvaluationAndReports", epochs - training);
        split.put("lastEpochToPausedOrSucceeded", lastEpochToEnd);
        split.put("idle", wall * slots - busy);
        split.put("meanAttemptSeconds", busy / attempts);
        split.put("meanQueuedToRunning", queuedToRunningCount == 0 ? 0.0 : queuedToRunning / queuedToRunningCount);
        split.put("meanPausedToPromoted", promotions == 0 ? 0.0 : pausedToQueued / promotions);
        return split;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
