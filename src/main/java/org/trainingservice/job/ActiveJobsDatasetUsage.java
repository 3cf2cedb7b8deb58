package org.trainingservice.job;

import java.util.EnumSet;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.trainingservice.dataset.DatasetUsage;

/** A dataset is in use while a job that names it is queued, running or being cancelled. */
@Component
class ActiveJobsDatasetUsage implements DatasetUsage {

    private final TrainingJobRepository jobs;

    public ActiveJobsDatasetUsage(TrainingJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public boolean usedByActiveJobs(UUID datasetId) {
        return jobs.existsByDatasetIdAndStatusIn(datasetId,
                EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLING));
    }
}
