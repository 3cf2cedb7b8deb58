package org.trainingservice.training.child;

import java.io.BufferedReader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A training process's standard input, read by one thread for the process's whole life: a warm process that is kept for
 * an experiment's next trial gets several jobs, one folder line each, and the commands for each job in between. A
 * command goes to the job being trained; one that arrives between two jobs belonged to the job before (it ended
 * before the command reached it) and is dropped, so that it cannot stop the next one. The end of input means the worker
 * is gone: the job in training stops as if cancelled, and a process waiting for a job exits.
 */
final class JobInput {

    /** One job's flags, read by its {@link org.trainingservice.training.TrainingObserver}. */
    record Controls(AtomicBoolean stop, AtomicBoolean suspend) {
        Controls() {
            this(new AtomicBoolean(), new AtomicBoolean());
        }
    }

    private static final String END = "";

    private final BufferedReader input;
    private final BlockingQueue<String> folders = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private Controls current;
    private boolean ended;

    JobInput(BufferedReader input) {
        this.input = input;
    }

    /** Starts the reader; with {@code firstJob} (a cold process's), that job's controls are in force from the start. */
    JobInput start(Controls firstJob) {
        current = firstJob;
        Thread reader = new Thread(this::read, "control");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    /**
     * Waits for the next job's folder; from then on commands go to the returned controls.
     *
     * @return null when the input ended first (the worker is gone or lets this process go)
     */
    Job nextJob() throws InterruptedException {
        String folder = folders.take();
        if (folder.equals(END)) {
            folders.add(END); // whoever asks again learns the same
            return null;
        }
        synchronized (lock) {
            current = new Controls();
            if (ended) {
                current.stop().set(true);
            }
            return new Job(folder, current);
        }
    }

    /** The job ended: commands from now until the next folder are dropped. */
    void jobEnded() {
        synchronized (lock) {
            current = null;
        }
    }

    record Job(String folder, Controls controls) {
    }

    private void read() {
        try (BufferedReader in = input) {
            String line;
            while ((line = in.readLine()) != null) {
                accept(line);
            }
        } catch (Exception ignored) {
            // a broken pipe means the same as end of input
        }
        synchronized (lock) {
            ended = true;
            if (current != null) {
                current.stop().set(true);
            }
        }
        folders.add(END);
    }

    /** A folder is an absolute path; anything else is a command (unknown commands are ignored). */
    private void accept(String line) {
        String trimmed = line.trim();
        if (trimmed.startsWith("/")) {
            folders.add(trimmed);
            return;
        }
        synchronized (lock) {
            Controls to = current;
            if (to != null) {
                ChildCommand.parse(trimmed).ifPresent(c -> (c == ChildCommand.CANCEL ? to.stop() : to.suspend()).set(true));
            }
        }
    }
}
