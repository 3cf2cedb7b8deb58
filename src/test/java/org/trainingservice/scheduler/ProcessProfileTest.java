package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.training.Processor;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;
import tools.jackson.databind.json.JsonMapper;

/** Which jobs a warm process may serve: those whose profile equals the warm one. */
class ProcessProfileTest {

    private final TrainingProcessLauncher launcher = new TrainingProcessLauncher(new TrainingProperties(Path.of("target"),
            "test", 3, Duration.ofHours(1), null, new TrainingProperties.Worker(true, 1, Duration.ofMillis(500),
            Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10), "768m", 7, false, null, 1, 1000, true)),
            new Processor("", java.util.Set.of()));

    @Test
    void jobsOnTheDefaultDeviceFitTheWarmProfileAndJobsForAGpuDoNot() {
        ProcessProfile warm = launcher.warmProfile();
        assertThat(warm).isEqualTo(new ProcessProfile("768m", 7, null));
        assertThat(launcher.profileFor(spec("auto"))).isEqualTo(warm);
        assertThat(launcher.profileFor(spec("cpu"))).isEqualTo(warm);
        assertThat(launcher.profileFor(spec("cuda"))).isNotEqualTo(warm).isEqualTo(new ProcessProfile("768m", 7, 0));
        assertThat(launcher.profileFor(spec("cuda:1"))).isNotEqualTo(warm).isEqualTo(new ProcessProfile("768m", 7, 1));
        assertThat(new ProcessProfile("1g", 7, null)).as("a heap of its own").isNotEqualTo(warm);
        assertThat(new ProcessProfile("768m", 0, null)).as("a niceness of its own").isNotEqualTo(warm);
    }

    @Test
    void warmProcessesDefaultToOnePerSlotAndZeroTurnsThemOff() {
        assertThat(worker(2, null).warmProcessCount()).isEqualTo(2);
        assertThat(worker(2, 0).warmProcessCount()).isZero();
        assertThat(worker(1, 3).warmProcessCount()).isEqualTo(3);
    }

    private static TrainingProperties.Worker worker(int slots, Integer warm) {
        return new TrainingProperties.Worker(true, slots, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(10), "1g", 5, false, warm, 1, 1000, true);
    }

    private static JobSpec spec(String device) {
        return JsonMapper.builder().build().readValue("""
                {"dataset": {"builtin": "moons"}, "training": {"device": "%s"}}""".formatted(device), JobSpec.class)
                .withDefaults(Task.CLASSIFICATION);
    }
}
