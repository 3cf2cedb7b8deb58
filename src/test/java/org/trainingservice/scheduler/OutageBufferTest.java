package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainingservice.training.CheckpointInfo;
import org.trainingservice.training.child.ChildEvent;
import tools.jackson.databind.json.JsonMapper;

/** The outage buffer gives its events back in the order added, across the memory bound and the spill file. */
class OutageBufferTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path folder;

    @Test
    void eventsBeyondTheBoundWaitInTheFileAndComeBackInOrderWithNewerOnesBehindThem() throws IOException {
        Path spill = folder.resolve("pending.jsonl");
        OutageBuffer buffer = new OutageBuffer(2, spill, JSON);
        for (int i = 0; i < 7; i++) {
            buffer.add(event(i));
        }
        assertThat(buffer.size()).isEqualTo(7);
        assertThat(Files.readAllLines(spill)).as("all beyond the first two").hasSize(5);

        List<String> seen = new ArrayList<>();
        seen.add(take(buffer));
        seen.add(take(buffer));
        seen.add(take(buffer)); // the first read back from the file
        buffer.add(event(7)); // while the file still holds events, newer ones go behind them
        buffer.add(event(8));
        while (!buffer.isEmpty()) {
            seen.add(take(buffer));
        }
        assertThat(seen).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(spill).as("removed once read back").doesNotExist();
        assertThat(buffer.peek()).isNull();

        buffer.add(event(9));
        assertThat(take(buffer)).as("memory again once the file is empty").isEqualTo("9");
        assertThat(spill).doesNotExist();
    }

    @Test
    void aClearedBufferForgetsItsEventsAndItsFile() {
        Path spill = folder.resolve("pending.jsonl");
        OutageBuffer buffer = new OutageBuffer(1, spill, JSON);
        buffer.add(event(0));
        buffer.add(event(1));
        assertThat(spill).exists();
        buffer.clear();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.peek()).isNull();
        assertThat(spill).doesNotExist();
    }

    @Test
    void aCheckpointEventKeepsItsFileNameAndTheMomentItWasRead() {
        OutageBuffer buffer = new OutageBuffer(1, folder.resolve("pending.jsonl"), JSON);
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        buffer.add(new PendingEvent(new ChildEvent.Started("cpu"), at));
        ChildEvent.CheckpointWritten checkpoint = new ChildEvent.CheckpointWritten("checkpoint-3.bin",
                new CheckpointInfo(0, null, 3, 0, "val_loss", 0.25, false));
        buffer.add(new PendingEvent(checkpoint, at.plusSeconds(1)));
        buffer.removeFirst();
        PendingEvent spilled = buffer.peek();
        assertThat(spilled.event()).as("read back from the file").isEqualTo(checkpoint);
        assertThat(spilled.receivedAt()).isEqualTo(at.plusSeconds(1));
    }

    private static PendingEvent event(int i) {
        return new PendingEvent(new ChildEvent.Started(Integer.toString(i)), Instant.EPOCH.plusSeconds(i));
    }

    private static String take(OutageBuffer buffer) {
        PendingEvent next = buffer.peek();
        buffer.removeFirst();
        return ((ChildEvent.Started) next.event()).device();
    }
}
