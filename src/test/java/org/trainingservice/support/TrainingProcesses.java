package org.trainingservice.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.trainingservice.scheduler.WarmProcesses;

/**
 * This test JVM's training processes that train a job: its Java child processes (the embedded PostgreSQL is no java)
 * minus the warm processes still waiting for one.
 */
public final class TrainingProcesses {

    private TrainingProcesses() {
    }

    public static List<ProcessHandle> withAJob(WarmProcesses warm) {
        // the children first, then the idle set: a process is idle from the moment it starts, so one that was
        // handed a job in between counts as having one, and one started in between is in neither list
        List<ProcessHandle> children = ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && isJava(p))
                .toList();
        Set<Long> idle = warm.idlePids();
        return children.stream().filter(p -> !idle.contains(p.pid())).toList();
    }

    /** All of this JVM's training processes, warm ones included. */
    public static List<ProcessHandle> all() {
        return ProcessHandle.current().descendants().filter(p -> p.isAlive() && isJava(p)).toList();
    }

    /**
     * The whole command line of process {@code pid} (ProcessHandle's is cut short after a few thousand characters,
     * before the class path ends), arguments separated by spaces; empty once the process is gone.
     *
     * <p>A niced process starts as {@code /usr/bin/nice}, which then execs the JVM, and while an exec is under way
     * the kernel shows an empty command line: so an empty one is read again while the process lives, for a while.
     */
    public static String commandLine(long pid) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        String line = read(pid);
        while (line.isEmpty() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return line;
            }
            line = read(pid);
        }
        return line;
    }

    private static String read(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** A JVM training a job or waiting for one; not the dump that builds the class archive (it trains nothing). */
    private static boolean isJava(ProcessHandle p) {
        if (p.info().commandLine().map(c -> c.contains("-Xshare:dump")).orElse(false)) {
            return false;
        }
        return p.info().commandLine().map(c -> c.contains("TrainingChild")).orElse(false)
                || p.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }
}
