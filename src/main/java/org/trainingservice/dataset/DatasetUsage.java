package org.trainingservice.dataset;

import java.util.UUID;

/** Whether queued or running jobs use a dataset (the job module knows; a dataset in use cannot be deleted). */
public interface DatasetUsage {

    boolean usedByActiveJobs(UUID datasetId);
}
