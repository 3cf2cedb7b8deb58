package org.trainingservice.scheduler;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events of one attempt waiting to be stored, oldest first: the first {@code memoryBound} in memory, any beyond
 * that appended to a file in the job's working folder (one JSON line each), so a long outage of a job that reports
 * many events costs disk, not the node's heap. Once anything is in the file, newer events go there too until it has
 * been read back, which keeps the order.
 */
final class OutageBuffer {

    private final Deque<PendingEvent> memory = new ArrayDeque<>();
    private final int memoryBound;
    private final Path spillFile;
    private final JsonMapper json;
    /** Lines appended to the spill file, and how many of them were read back into memory. */
    private long spilled;
    private long readBack;

    OutageBuffer(int memoryBound, Path spillFile, JsonMapper json) {
        this.memoryBound = Math.max(1, memoryBound);
        this.spillFile = spillFile;
        this.json = json;
    }

    synchronized void add(PendingEvent event) {
        if (spilled == readBack && memory.size() < memoryBound) {
            memory.addLast(event);
            return;
        }
        try (BufferedWriter out = Files.newBufferedWriter(spillFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            out.write(json.writeValueAsString(event));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("could not spill an event to " + spillFile, e);
        }
        spilled++;
    }

    /** The oldest event, or null when none waits. */
    synchronized PendingEvent peek() {
        if (memory.isEmpty() && spilled > readBack) {
            readBackFromFile();
        }
        return memory.peekFirst();
    }

    /** Drops the oldest event, once it is stored. */
    synchronized void removeFirst() {
        memory.pollFirst();
    }

    synchronized boolean isEmpty() {
        return memory.isEmpty() && spilled == readBack;
    }

    /** Events waiting, in memory and in the file. */
    synchronized long size() {
        return memory.size() + spilled - readBack;
    }

    /** Events written to the file so far (for the log: whether the bound was reached). */
    synchronized long spilledCount() {
        return spilled;
    }

    /** Forgets every waiting event (the lease was lost: none of them may be written). */
    synchronized void clear() {
        memory.clear();
        spilled = 0;
        readBack = 0;
        deleteSpillFile();
    }

    private void readBackFromFile() {
        List<PendingEvent> next;
        try (Stream<String> lines = Files.lines(spillFile, StandardCharsets.UTF_8)) {
            // an outage spills rarely and reads back once, so skipping the lines already read is cheap enough
            next = lines.skip(readBack).limit(memoryBound).map(l -> json.readValue(l, PendingEvent.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read spilled events from " + spillFile, e);
        }
        memory.addAll(next);
        readBack += next.size();
        if (readBack == spilled) {
            spilled = 0;
            readBack = 0;
            deleteSpillFile();
        }
    }

    private void deleteSpillFile() {
        try {
            Files.deleteIfExists(spillFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
