package org.trainingservice.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm processes that finished or paused a trial, each kept for its experiment's next trial: an experiment's trials
 * come one after another, and a process that has the engine loaded and its kernels warm saves the next one a start.
 * Only a trial of the same experiment (so of the same tenant) gets one. At most {@code capacity} are kept (the oldest
 * goes first), and one that no trial takes within {@link #KEEP} is let go: an experiment whose next trial is not
 * coming soon (it waits for other trials, or it is over) leaves no process behind.
 */
final class TrialProcesses {

    static final Duration KEEP = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(TrialProcesses.class);

    private record Kept(TrainingProcess process, UUID experiment, ScheduledFuture<?> expiry) {
    }

    private final List<Kept> kept = new ArrayList<>();
    private final int capacity;
    private final ScheduledExecutorService timers;
    private final Consumer<TrainingProcess> release;

    /** @param release lets a process go that is no longer kept (it expired, or made room for a newer one) */
    TrialProcesses(int capacity, ScheduledExecutorService timers, Consumer<TrainingProcess> release) {
        this.capacity = capacity;
        this.timers = timers;
        this.release = release;
    }

    /** Keeps {@code process} for {@code experiment}'s next trial; false (and kept nothing) where none may be kept. */
    boolean keep(TrainingProcess process, UUID experiment) {
        if (capacity <= 0 || experiment == null) {
            return false;
        }
        Kept oldest = null;
        synchronized (kept) {
            if (kept.size() >= capacity) {
                oldest = kept.remove(0);
                oldest.expiry().cancel(false);
            }
            ScheduledFuture<?> expiry = timers.schedule(() -> expire(process), KEEP.toMillis(), TimeUnit.MILLISECONDS);
            kept.add(new Kept(process, experiment, expiry));
        }
        if (oldest != null) {
            release.accept(oldest.process());
        }
        process.process().onExit().thenRun(() -> {
            if (remove(process)) {
                log.warn("training process {} kept for a next trial ended while it waited", process.pid());
            }
        });
        return true;
    }

    /** A process kept for {@code experiment}, alive and not known to have failed to get ready again. */
    Optional<TrainingProcess> take(UUID experiment) {
        if (experiment == null) {
            return Optional.empty();
        }
        synchronized (kept) {
            for (Kept k : kept) {
                if (k.experiment().equals(experiment) && (k.process().isReady() || k.process().isLoading())) {
                    kept.remove(k);
                    k.expiry().cancel(false);
                    return Optional.of(k.process());
                }
            }
        }
        return Optional.empty();
    }

    /** Forgets {@code process} (it ended, or did not get ready again); true if it was kept. */
    boolean remove(TrainingProcess process) {
        synchronized (kept) {
            return kept.removeIf(k -> {
                boolean match = k.process() == process;
                if (match) {
                    k.expiry().cancel(false);
                }
                return match;
            });
        }
    }

    /** Forgets every kept process and returns them (the pool stops). */
    List<TrainingProcess> removeAll() {
        synchronized (kept) {
            List<TrainingProcess> all = new ArrayList<>();
            kept.forEach(k -> {
                k.expiry().cancel(false);
                all.add(k.process());
            });
            kept.clear();
            return all;
        }
    }

    int size() {
        synchronized (kept) {
            return kept.size();
        }
    }

    Set<Long> pids() {
        synchronized (kept) {
            return kept.stream().map(k -> k.process().pid()).collect(Collectors.toSet());
        }
    }

    private void expire(TrainingProcess process) {
        if (remove(process)) {
            release.accept(process);
        }
    }
}
