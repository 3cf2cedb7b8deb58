package org.trainingservice.job;

import java.util.Collection;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

public interface TrainingJobRepository extends JpaRepository<TrainingJob, UUID>, JpaSpecificationExecutor<TrainingJob> {

    long countByTenantAndStatus(String tenant, JobStatus status);

    boolean existsByDatasetIdAndStatusIn(UUID datasetId, Collection<JobStatus> statuses);
}
