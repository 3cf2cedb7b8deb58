package org.trainingservice.scheduler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainingservice.training.child.ChildCommand;
import org.trainingservice.training.child.ChildEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running training process as its worker sees it: commands in, events out, the last lines of its error output
 * kept for the failure message, and a kill.
 */
final class TrainingProcess {

    private static final Logger log = LoggerFactory.getLogger(TrainingProcess.class);
    private static final int STDERR_LINES_KEPT = 5;

    private final Process process;
    private final UUID jobId;
    private final Deque<String> lastErrorLines = new ArrayDeque<>();
    private final Thread stderr;

    TrainingProcess(Process process, UUID jobId) {
        this.process = process;
        this.jobId = jobId;
        this.stderr = new Thread(this::drainStderr, "stderr-" + jobId);
        stderr.setDaemon(true);
        stderr.start();
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
        process.destroyForcibly();
    }

    /**
     * Hands every event to {@code handler} until the output ends.
     *
     * @return the process's last word, or null if it died without one
     */
    ChildEvent.Terminal readEvents(JsonMapper json, Consumer<ChildEvent> handler) throws IOException {
        ChildEvent.Terminal terminal = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith(ChildEvent.PREFIX)) {
                    log.debug("[job {}] {}", jobId, line);
                    continue;
                }
                ChildEvent event = json.readValue(line.substring(ChildEvent.PREFIX.length()), ChildEvent.class);
                if (event instanceof ChildEvent.Terminal last) {
                    terminal = last;
                }
                handler.accept(event);
            }
        } catch (IOException e) {
            // when a process exits (a kill included) the JDK takes over its output pipe, and a read in progress can
            // fail with "Stream closed": its output has ended all the same
            if (process.isAlive()) {
                throw e;
            }
            log.debug("job {}: output of the ended training process: {}", jobId, e.getMessage());
        }
        return terminal;
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
                log.debug("[job {}] {}", jobId, line);
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
