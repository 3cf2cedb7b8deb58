package org.trainingservice.scheduler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainingservice.training.child.ChildCommand;
import org.trainingservice.training.child.ChildEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * One training process as its worker sees it: commands in, events out, the last lines of its error output kept for
 * the failure message, and a kill. A cold one is started for its job; a warm one ({@link WarmProcesses}) is started
 * ahead, read up to its {@link ChildEvent.Ready} line, and then {@link #assign assigned} its job: from there on both
 * are the same, except that a warm one whose job finished or paused can be {@link #readyAgain kept} for the same
 * experiment's next trial.
 */
final class TrainingProcess {

    private static final Logger log = LoggerFactory.getLogger(TrainingProcess.class);
    private static final int STDERR_LINES_KEPT = 5;

    /** How long a warm process may take to finish loading once it has a job before it counts as hung and is killed. */
    private static final Duration READY_WAIT = Duration.ofSeconds(60);
    /** How long a process that has sent its last event may take to exit. */
    private static final Duration LINGER = Duration.ofSeconds(10);

    private final Process process;
    private final boolean warm;
    /**
     * Completes once the output up to the ready line is read (true), or ended before it (false); cold: at once. A
     * process kept for an experiment's next trial gets a new one, for its next ready line.
     */
    private volatile CompletableFuture<Boolean> ready;
    private final BufferedReader out;
    private final Deque<String> lastErrorLines = new ArrayDeque<>();
    private final Thread stderr;
    private volatile String label;
    private volatile boolean killed;
    /** The jobs handed to this process so far. */
    private volatile int jobs;

    private TrainingProcess(Process process, boolean warm, String label) {
        this.process = process;
        this.jobs = warm ? 0 : 1;
        this.warm = warm;
        this.ready = warm ? new CompletableFuture<>() : CompletableFuture.completedFuture(true);
        this.label = label;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = new Thread(this::drainStderr, "stderr-" + process.pid());
        stderr.setDaemon(true);
        stderr.start();
    }

    /** A process started for the job {@code jobId}. */
    static TrainingProcess cold(Process process, UUID jobId) {
        return new TrainingProcess(process, false, "job " + jobId);
    }

    /** A warm process that has no job yet. */
    static TrainingProcess warm(Process process) {
        return new TrainingProcess(process, true, "warm process " + process.pid());
    }

    boolean isWarm() {
        return warm;
    }

    /** For a log line: the exit code, or that it is still alive. */
    String exitState() {
        try {
            return "exit " + process.exitValue();
        } catch (IllegalThreadStateException e) {
            return "still alive";
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /** Whether a warm process has reported ready and is alive. */
    boolean isReady() {
        return ready.isDone() && ready.join() && process.isAlive();
    }

    /** Whether a warm process is still loading. */
    boolean isLoading() {
        return !ready.isDone() && process.isAlive();
    }

    /**
     * Reads a warm process's output up to its ready line; whoever reads the events after it waits for this.
     *
     * @return false if the process ended (or reported a failure) before it was ready
     */
    boolean readUntilReady(JsonMapper json) {
        boolean isReady = false;
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ChildEvent.PREFIX)) {
                    ChildEvent event = json.readValue(line.substring(ChildEvent.PREFIX.length()), ChildEvent.class);
                    isReady = event instanceof ChildEvent.Ready;
                    if (!isReady) {
                        log.warn("{} reported {} before it was ready", label, event);
                    }
                    break;
                }
                log.debug("[{}] {}", label, line);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("{}: output ended before it was ready: {}", label, e.getMessage());
        }
        ready.complete(isReady);
        return isReady;
    }

    /** How many jobs this process trained before its current one. */
    int jobsBefore() {
        return Math.max(0, jobs - 1);
    }

    /** Gives a warm process its job: the folder, one line on its standard input. */
    void assign(UUID jobId, Path folder) throws IOException {
        label = "job " + jobId;
        jobs++;
        OutputStream in = process.getOutputStream();
        in.write((folder.toAbsolutePath() + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Sends {@code command}; a process that no longer listens is killed, which ends it all the same. */
    void send(ChildCommand command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write(command.line().getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            kill();
        }
    }

    void kill() {
        killed = true;
        process.destroyForcibly();
    }

    /**
     * Hands every event to {@code handler} until the last one ({@link ChildEvent.Terminal}) or the end of the output.
     *
     * @return the process's last word, or null if it died without one
     */
    ChildEvent.Terminal readEvents(JsonMapper json, Consumer<ChildEvent> handler) throws IOException {
        awaitReady();
        ChildEvent.Terminal terminal = null;
        // not closed after the last event: a warm process kept for a next trial goes on writing to it
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith(ChildEvent.PREFIX)) {
                    log.debug("[{}] {}", label, line);
                    continue;
                }
                ChildEvent event = json.readValue(line.substring(ChildEvent.PREFIX.length()), ChildEvent.class);
                handler.accept(event);
                if (event instanceof ChildEvent.Terminal last) {
                    // its last word: what follows is only the exit, which the attempt need not wait for
                    terminal = last;
                    break;
                }
            }
        } catch (IOException e) {
            // when a process exits the JDK takes over its output pipe, and a kill closes it (before the process is
            // gone: under load it can outlive its SIGKILL by a while), so a read in progress can fail with "Stream
            // closed": its output has ended all the same
            if (!killed && process.isAlive()) {
                throw e;
            }
            log.debug("{}: output of the ended training process: {}", label, e.getMessage());
        }
        return terminal;
    }

    /**
     * A warm process whose job finished or paused says ready again (it may be handed the same experiment's next trial):
     * its output up to that line is read in the background, and {@link #readEvents} for the next job waits for it.
     *
     * @return completes with false if the process ended first
     */
    CompletableFuture<Boolean> readyAgain(JsonMapper json) {
        ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readUntilReady(json), "ready-again-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return ready;
    }

    /**
     * A warm process handed its job while still loading is waited for here (not before the runner starts renewing
     * the lease), until its ready line is read; one that does not get ready in time is killed.
     */
    private void awaitReady() {
        try {
            ready.get(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: the warm training process was not ready within {}; killing it", label, READY_WAIT);
            kill();
        }
    }

    /**
     * A process that has said its last word only exits, but a JVM with PyTorch loaded takes most of a second to be
     * gone after its halt on a small machine: the attempt ends without waiting for that, and a process that lingers
     * is killed.
     */
    CompletableFuture<Process> letExit() {
        try {
            process.getOutputStream().close(); // a warm process waits for another job until its input ends
        } catch (IOException e) {
            log.debug("{}: its input was closed already: {}", label, e.getMessage());
        }
        return process.onExit().orTimeout(LINGER.toMillis(), TimeUnit.MILLISECONDS).whenComplete((gone, lingering) -> {
            if (lingering != null) {
                log.warn("{}: still alive {} after its last event; killing it", label, LINGER);
                kill();
            }
        });
    }

    /** Waits for the exit and for the last error lines. */
    int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        stderr.join(2000);
        return exit;
    }

    String lastErrors() {
        synchronized (lastErrorLines) {
            return lastErrorLines.isEmpty() ? "" : "; last output: " + String.join(" | ", lastErrorLines);
        }
    }

    private void drainStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                log.debug("[{}] {}", label, line);
                synchronized (lastErrorLines) {
                    if (lastErrorLines.size() == STDERR_LINES_KEPT) {
                        lastErrorLines.removeFirst();
                    }
                    lastErrorLines.addLast(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }
}
