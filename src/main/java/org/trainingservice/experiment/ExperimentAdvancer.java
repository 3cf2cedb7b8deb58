package org.trainingservice.experiment;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.trainingservice.job.TrialJobs;

/**
 * On every node, every {@code training.experiments.advance-interval}: a turn at each active experiment that no other
 * node is taking right now. A turn costs a few indexed reads, and trials report at most once per epoch, so a short
 * interval keeps an experiment's slots busy without load.
 */
@Component
class ExperimentAdvancer {

    private static final Logger log = LoggerFactory.getLogger(ExperimentAdvancer.class);

    private final ExperimentStore store;
    private final ExperimentTurn turn;
    private final ExperimentMeters meters;
    private final TrialJobs trials;

    ExperimentAdvancer(ExperimentStore store, ExperimentTurn turn, ExperimentMeters meters, TrialJobs trials) {
        this.store = store;
        this.turn = turn;
        this.meters = meters;
        this.trials = trials;
    }

    @Scheduled(fixedDelayString = "${training.experiments.advance-interval:250ms}", initialDelay = 1000)
    void advance() {
        try {
            for (UUID id : store.activeIds()) {
                try {
                    turn.take(id);
                } catch (RuntimeException e) {
                    log.warn("experiment {}: turn failed, the next one retries: {}", id, e.toString());
                }
            }
        } catch (RuntimeException e) {
            log.warn("experiments could not be advanced: {}", e.getMessage());
        }
    }

    /** The gauges, less often than turns: they count over every row. */
    @Scheduled(fixedDelayString = "${training.experiments.gauge-interval:15s}", initialDelay = 2000)
    void count() {
        try {
            meters.counts(store.countsByStatus(), trials.countsByStatus());
        } catch (RuntimeException e) {
            log.debug("experiment gauges not updated: {}", e.getMessage());
        }
    }
}
