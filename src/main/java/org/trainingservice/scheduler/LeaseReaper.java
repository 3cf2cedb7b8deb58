package org.trainingservice.scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.job.JobStateStore;

/** On every node: jobs whose node stopped renewing its lease go back to the queue (or fail after max attempts). */
@Component
class LeaseReaper {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final JobStateStore states;
    private final TrainingProperties properties;

    public LeaseReaper(JobStateStore states, TrainingProperties properties) {
        this.states = states;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${training.reaper-interval:5s}", initialDelayString = "${training.reaper-interval:5s}")
    public void recover() {
        try {
            int recovered = states.recoverExpiredLeases(properties.maxAttempts());
            if (recovered > 0) {
                log.info("recovered {} job(s) whose lease expired", recovered);
            }
        } catch (Exception e) {
            log.warn("lease recovery failed: {}", e.getMessage());
        }
    }
}
