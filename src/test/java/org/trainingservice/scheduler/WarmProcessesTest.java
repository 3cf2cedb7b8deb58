package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.TrainingProcesses;
import tools.jackson.databind.JsonNode;

/**
 * The node's warm training processes, end to end: real processes started ahead by the test node's worker, real jobs
 * through the API. (A job whose profile differs from the warm one is {@link ColdStartTest}'s subject.)
 */
class WarmProcessesTest extends IntegrationTest {

    private static final String SMALL = """
            {"dataset": {"builtin": "moons", "samples": 300, "noise": 0.25}, "model": {"hidden": [16, 8]},
             "training": {"epochs": 6, "batchSize": 16, "seed": 123}}""";
    /** A job that trains until it is cancelled. */
    private static final String LONG = """
            {"dataset": {"builtin": "moons", "samples": 2000}, "model": {"hidden": [64]},
             "training": {"epochs": 2000, "batchMode": "stochastic"}}""";

    @Autowired
    private WarmProcesses warm;

    @Autowired
    private TrainingProcessLauncher launcher;

    @Autowired
    private Worker worker;

    @Test
    void aWarmProcessTrainsAJobToTheSameBitsAsAColdOne() {
        awaitWarmReady();
        String warmJob = submit(SMALL);
        JsonNode warmDone = awaitFinal(warmJob, Duration.ofSeconds(120));
        String cold;
        warm.stop(); // no warm process: the same spec starts cold
        try {
            cold = submit(SMALL);
            assertThat(awaitFinal(cold, Duration.ofSeconds(120)).get("status").asString()).isEqualTo("SUCCEEDED");
        } finally {
            warm.start(launcher.warmProfile(), 1, 1, 1);
        }
        JsonNode coldDone = job(cold);
        assertThat(warmDone.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(started(warmJob).get("process").asString()).isEqualTo("warm");
        assertThat(started(cold).get("process").asString()).isEqualTo("cold");
        assertThat(warmDone.get("result").get("metrics")).isEqualTo(coldDone.get("result").get("metrics"));
        assertThat(warmDone.get("result").get("steps")).isEqualTo(coldDone.get("result").get("steps"));
        String instances = "{\"instances\": [[0.1, 0.2], [1.5, -0.4], [-0.8, 0.9]]}";
        JsonNode warmPredictions = api.post("/api/v1/jobs/" + warmJob + "/predict", instances).json();
        assertThat(warmPredictions.get("probabilities")).isEqualTo(
                api.post("/api/v1/jobs/" + cold + "/predict", instances).json().get("probabilities"));
    }

    @Test
    void aWarmProcessKilledWhileIdleIsReplacedAndNoJobIsLost() {
        awaitWarmReady();
        long killed = warm.idlePids().iterator().next();
        ProcessHandle idle = ProcessHandle.of(killed).orElseThrow();
        assertThat(TrainingProcesses.commandLine(killed)).contains("TrainingChild").endsWith(" --warm");
        idle.destroyForcibly(); // kill -9
        // once it is gone (under load a killed process can take a while), at once: the pool may not have noticed yet,
        // and the dead process must not be handed this job
        idle.onExit().join();
        String first = submit(SMALL);
        JsonNode firstDone = awaitFinal(first, Duration.ofSeconds(120));
        assertThat(firstDone.get("status").asString()).as(firstDone.toString()).isEqualTo("SUCCEEDED");
        assertThat(firstDone.get("attempt").asInt()).as("ran once, in a live process: " + firstDone).isEqualTo(1);
        assertThat(started(first).get("pid").asLong()).isNotEqualTo(killed);

        await(() -> warm.ready() == 1 && !warm.idlePids().contains(killed), "a replacement is ready");
        long replacement = warm.idlePids().iterator().next();
        String second = submit(SMALL);
        JsonNode secondDone = awaitFinal(second, Duration.ofSeconds(120));
        assertThat(secondDone.get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode startedSecond = started(second);
        assertThat(startedSecond.get("process").asString()).isEqualTo("warm");
        assertThat(startedSecond.get("pid").asLong()).isEqualTo(replacement);
        assertThat(secondDone.get("result").get("metrics")).isEqualTo(firstDone.get("result").get("metrics"));
    }

    @Test
    void anExperimentsNextTrialRunsInTheProcessOfTheTrialBeforeToTheSameBitsAsAFreshProcess() {
        awaitWarmReady();
        String experiment = api.post("/api/v1/experiments", """
                {"baseSpec": {"dataset": {"builtin": "moons", "samples": 300, "noise": 0.25}, "model": {"hidden": [16, 8]},
                              "training": {"epochs": 6, "batchSize": 16, "seed": 123}},
                 "searchSpace": {"optimizer.learningRate": {"type": "grid", "values": [0.01, 0.05]}},
                 "searcher": {"type": "grid"}}""").json().get("id").asString();
        await(() -> FINAL.contains(api.get("/api/v1/experiments/" + experiment).json().get("status").asString()),
                "the experiment ends");
        List<String> trials = new java.util.ArrayList<>();
        api.get("/api/v1/experiments/" + experiment + "/trials?sort=trialNumber&order=asc").json().get("items")
                .forEach(t -> trials.add(t.get("jobId").asString()));
        assertThat(trials).hasSize(2);
        JsonNode first = started(trials.get(0));
        JsonNode second = started(trials.get(1));
        assertThat(second.get("pid").asLong()).as("the second trial ran in the first one's process")
                .isEqualTo(first.get("pid").asLong());
        assertThat(second.get("jobsBefore").asInt()).isEqualTo(1);
        assertThat(first.get("jobsBefore").asInt()).isZero();
        // nothing of the first trial reached the second: the same spec alone, in a process of its own
        JsonNode trial = job(trials.get(1));
        assertThat(trial.get("status").asString()).isEqualTo("SUCCEEDED");
        String alone = submit(trial.get("spec").toString());
        JsonNode aloneDone = awaitFinal(alone, Duration.ofSeconds(120));
        assertThat(started(alone).get("jobsBefore").asInt()).isZero();
        assertThat(started(alone).get("pid").asLong()).isNotEqualTo(first.get("pid").asLong());
        assertThat(aloneDone.get("result").get("metrics")).isEqualTo(trial.get("result").get("metrics"));
        assertThat(aloneDone.get("result").get("steps")).isEqualTo(trial.get("result").get("steps"));
        String instances = "{\"instances\": [[0.1, 0.2], [1.5, -0.4], [-0.8, 0.9]]}";
        assertThat(api.post("/api/v1/jobs/" + alone + "/predict", instances).json().get("probabilities")).isEqualTo(
                api.post("/api/v1/jobs/" + trials.get(1) + "/predict", instances).json().get("probabilities"));
        // no next trial comes: the kept process is let go
        await(() -> warm.keptForTrials() == 0, "the kept process is let go");
        ProcessHandle.of(first.get("pid").asLong()).ifPresent(p -> assertThat(p.onExit())
                .as("the let-go process exits").succeedsWithin(Duration.ofSeconds(60)));
    }

    @Test
    void warmProcessesAreCountedInTheNodeListAndTheMetrics() {
        awaitWarmReady();
        await(() -> testNode().get("warmProcesses").asInt() == 1, "the node list shows one warm process");
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("training_warm_processes\\{node=\"test-node\"\\} 1\\.0");
        warm.stop();
        try {
            await(() -> testNode().get("warmProcesses").asInt() == 0, "the node list shows none");
            assertThat(api.get("/actuator/prometheus").body())
                    .containsPattern("training_warm_processes\\{node=\"test-node\"\\} 0\\.0");
        } finally {
            warm.start(launcher.warmProfile(), 1, 1, 1);
        }
    }

    @Test
    void withItsOnlySlotBusyTheNodeStartsTheReplacementWhenTheJobEndsNotWhileItTrains() {
        awaitWarmReady();
        long taken = warm.idlePids().iterator().next();
        String id = submit(LONG);
        awaitJob(id, j -> j.get("progress").get("epoch").asInt() >= 1, Duration.ofSeconds(120));
        // had it been started when the job took the process, it would be in the pool by now
        assertThat(warm.idlePids()).as("no process loads beside the training job").isEmpty();
        api.post("/api/v1/jobs/" + id + "/cancel", "");
        awaitFinal(id, Duration.ofSeconds(60));
        assertThat(started(id).get("pid").asLong()).as("the job took the warm process").isEqualTo(taken);
        await(() -> warm.ready() == 1, "the replacement, started once the job ended, is ready");
        assertThat(warm.idlePids()).doesNotContain(taken);
    }

    @Test
    void aStoppedWorkerLeavesNoTrainingProcessBehind() {
        warm.stop();
        boolean stopped = false;
        String id;
        try {
            warm.start(launcher.warmProfile(), 2, 1, 1); // two, so that one still waits while the other trains
            await(() -> warm.ready() == 2, "two warm processes ready");
            id = submit(LONG);
            awaitJob(id, j -> j.get("progress").get("epoch").asInt() >= 1, Duration.ofSeconds(120));
            await(() -> TrainingProcesses.all().size() == 2, "the job's process and a warm one waiting");
            List<ProcessHandle> before = TrainingProcesses.all();
            worker.stop();
            stopped = true;
            assertThat(TrainingProcesses.all()).as("every training process exited").isEmpty();
            assertThat(before).noneMatch(ProcessHandle::isAlive);
            assertThat(job(id).get("status").asString()).isEqualTo("QUEUED");
        } finally {
            if (stopped) {
                worker.start(); // with the node's one warm process
            } else {
                warm.stop();
                warm.start(launcher.warmProfile(), 1, 1, 1);
            }
        }
        api.post("/api/v1/jobs/" + id + "/cancel", "");
        awaitFinal(id, Duration.ofSeconds(60));
    }

    /** The payload of the job's {@code started} event, read from its event stream (which ends with a final job). */
    private JsonNode started(String id) {
        String stream = api.get("/api/v1/jobs/" + id + "/events").body();
        List<JsonNode> started = stream.lines()
                .dropWhile(l -> !(l.startsWith("event:") && l.substring(6).trim().equals("started"))).skip(1)
                .filter(l -> l.startsWith("data:")).limit(1).map(l -> Api.json().readTree(l.substring(5))).toList();
        assertThat(started).as("a started event in " + stream).hasSize(1);
        return started.get(0);
    }

    private JsonNode testNode() {
        for (JsonNode node : api.get("/api/v1/nodes").json()) {
            if (node.get("nodeId").asString().equals("test-node")) {
                return node;
            }
        }
        throw new AssertionError("test-node is not in the node list");
    }

    private void awaitWarmReady() {
        await(() -> warm.ready() == 1, "one warm process ready");
    }

    private static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 90 s: " + what);
            }
            sleep(50);
        }
    }
}
