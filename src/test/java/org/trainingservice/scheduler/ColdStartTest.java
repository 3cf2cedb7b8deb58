package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.dataset.BuiltinDatasets;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.TrainingProcesses;
import org.trainingservice.training.DataTableIo;
import org.trainingservice.training.child.ChildEvent;
import org.trainingservice.training.child.ChildFiles;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job whose process profile differs from the warm processes' starts cold, with its own profile, and succeeds; the
 * warm process stays untouched for a job that fits it. Real training processes, driven as a runner drives them, from a
 * pool of this test's own whose warm profile (a 600 MB heap) differs from every job's here (the node's 512 MB): on
 * this CPU-only machine no job can ask for a GPU, the other thing that sets a profile apart.
 */
class ColdStartTest extends IntegrationTest {

    @Autowired
    private TrainingProcessLauncher launcher;

    @Autowired
    private TrainingProperties properties;

    @Autowired
    private BuiltinDatasets builtins;

    @Autowired
    private JsonMapper json;

    @Test
    void aJobWhoseProfileDiffersFromTheWarmOneStartsColdWithItsOwnProfileAndSucceeds() throws Exception {
        JobSpec spec = json.readValue("""
                {"dataset": {"builtin": "moons", "samples": 300}, "model": {"hidden": [8]},
                 "training": {"epochs": 3, "batchSize": 16, "seed": 5}}""", JobSpec.class).withDefaults(Task.CLASSIFICATION);
        ProcessProfile jobs = launcher.profileFor(spec);
        ProcessProfile larger = new ProcessProfile("600m", jobs.nice(), null);
        assertThat(larger).isNotEqualTo(jobs);
        WarmProcesses pool = new WarmProcesses(launcher, json);
        pool.start(larger, 1, 1, 2); // two slots: a replacement can serve a second job at once
        try {
            awaitReady(pool);
            long warmPid = pool.idlePids().iterator().next();

            Path coldFolder = folderFor(spec, "cold");
            TrainingProcess cold = pool.startFor(jobs, coldFolder, UUID.randomUUID(), null);
            assertThat(cold.isWarm()).isFalse();
            assertThat(commandLine(cold.pid())).contains("-Xmx512m").endsWith(" " + coldFolder);
            assertThat(finish(cold, pool)).isInstanceOf(ChildEvent.Finished.class);
            assertThat(pool.idlePids()).as("the warm process was left for a job that fits it").containsExactly(warmPid);

            // the control: a job of the warm profile gets the warm process
            assertThat(commandLine(warmPid)).contains("-Xmx600m").endsWith(" --warm");
            TrainingProcess taken = pool.startFor(larger, folderFor(spec, "warm"), UUID.randomUUID(), null);
            assertThat(taken.isWarm()).isTrue();
            assertThat(taken.pid()).isEqualTo(warmPid);
            assertThat(pool.idlePids()).as("with a slot free, another is started behind it at once").hasSize(1)
                    .doesNotContain(warmPid);
            assertThat(finish(taken, pool)).isInstanceOf(ChildEvent.Finished.class);
        } finally {
            pool.stop();
        }
        assertThat(pool.idlePids()).isEmpty();
    }

    /** A job folder as a runner writes it: the spec and the data. */
    private Path folderFor(JobSpec spec, String name) throws Exception {
        ChildFiles files = new ChildFiles(Files.createDirectories(
                properties.jobsDir().resolve("cold-start-test-" + name + "-" + UUID.randomUUID())));
        Files.writeString(files.spec(), json.writeValueAsString(spec));
        DataTableIo.write(TrainingDataLoader.toTable(builtins.generate("moons", 300, null, null, 5)), files.data());
        return files.folder();
    }

    /**
     * Reads the job's events, then gives the process back and ends the job as a runner does (not a trial: it is let
     * go) and waits for the exit.
     */
    private ChildEvent.Terminal finish(TrainingProcess process, WarmProcesses pool) throws Exception {
        List<ChildEvent> events = new ArrayList<>();
        ChildEvent.Terminal last = process.readEvents(json, events::add);
        pool.afterJob(process, null);
        pool.jobEnded();
        assertThat(process.waitFor()).as(process.lastErrors()).isZero();
        assertThat(events.get(0)).isInstanceOf(ChildEvent.Started.class);
        return last;
    }

    private static String commandLine(long pid) {
        return TrainingProcesses.commandLine(pid);
    }

    private static void awaitReady(WarmProcesses pool) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (pool.ready() < 1) {
            assertThat(Instant.now()).as("a warm process became ready").isBefore(deadline);
            sleep(50);
        }
    }
}
