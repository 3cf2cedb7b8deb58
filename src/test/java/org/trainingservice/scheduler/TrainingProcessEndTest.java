package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.child.ChildEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker learns of an attempt's end from the process's last event, not from its exit: a process that has said
 * its last word and is still around (a JVM with PyTorch loaded takes most of a second to be gone) does not hold up its
 * job. Here a shell stands in for the training process and stays alive for a minute after its last event.
 */
class TrainingProcessEndTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theEventsEndWithTheLastWordWhileTheProcessIsStillAlive() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "echo '" + ChildEvent.PREFIX + "{\"type\": \"started\", \"device\": \"cpu\"}'; "
                + "echo '" + ChildEvent.PREFIX + "{\"type\": \"cancelled\"}'; exec sleep 60").start();
        TrainingProcess process = TrainingProcess.cold(shell, UUID.randomUUID());
        try {
            List<ChildEvent> seen = new ArrayList<>();
            ChildEvent.Terminal last = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> process.readEvents(json, seen::add));
            assertThat(last).isInstanceOf(ChildEvent.Cancelled.class);
            assertThat(seen).hasSize(2).last().isSameAs(last);
            assertThat(shell.isAlive()).as("the process outlives its last word").isTrue();
        } finally {
            process.kill();
        }
        assertThat(shell.onExit().get().isAlive()).isFalse();
    }

    @Test
    void withoutALastWordTheEventsEndWithTheOutput() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "echo '" + ChildEvent.PREFIX + "{\"type\": \"started\", \"device\": \"cpu\"}'; "
                + "echo 'not an event'; exit 3").start();
        TrainingProcess process = TrainingProcess.cold(shell, UUID.randomUUID());
        List<ChildEvent> seen = new ArrayList<>();
        assertThat(process.readEvents(json, seen::add)).isNull();
        assertThat(seen).singleElement().isInstanceOf(ChildEvent.Started.class);
        assertThat(process.waitFor()).isEqualTo(3);
    }
}
