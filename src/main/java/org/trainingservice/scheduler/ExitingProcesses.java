package org.trainingservice.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training processes that have sent their last event and are left to exit on their own
 * ({@link TrainingProcess#letExit}): their runners do not wait for them, so these are kept until they are gone, for a
 * stopping worker to wait for.
 */
final class ExitingProcesses {

    private static final Logger log = LoggerFactory.getLogger(ExitingProcesses.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Set<TrainingProcess> exiting = ConcurrentHashMap.newKeySet();

    void add(TrainingProcess process) {
        exiting.add(process);
        process.letExit().whenComplete((gone, lingering) -> exiting.remove(process));
    }

    /** Waits until the processes let exit so far are gone. */
    void awaitAll() {
        awaitGone(List.copyOf(exiting), "training process that sent its last event");
    }

    /** Waits up to {@link #STOP_WAIT} for each process to be gone; one still there is killed (again). */
    static void awaitGone(List<TrainingProcess> processes, String what) {
        for (TrainingProcess p : processes) {
            try {
                p.process().onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                log.warn("{} {} did not exit within {}; killing it", what, p.pid(), STOP_WAIT);
                p.kill();
            }
        }
    }
}
