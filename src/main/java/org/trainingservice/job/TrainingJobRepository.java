package org.trainingservice.job;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface TrainingJobRepository extends JpaRepository<TrainingJob, UUID>, JpaSpecificationExecutor<TrainingJob> {

    long countByTenantAndStatus(String tenant, JobStatus status);

    long countByStatus(JobStatus status);

    /** The version alone (the ETag), for conditional GETs that must not load the whole row. */
    @Query("select j.version from TrainingJob j where j.id = :id and (:tenant is null or j.tenant = :tenant)")
    Optional<Long> findVersion(@Param("id") UUID id, @Param("tenant") String tenant);

    java.util.List<TrainingJob> findByExperimentIdOrderByTrialNumber(UUID experimentId);

    @Query("select j.status, count(j) from TrainingJob j where j.experimentId is not null group by j.status")
    java.util.List<Object[]> countTrialsByStatus();

    boolean existsByDatasetIdAndStatusIn(UUID datasetId, Collection<JobStatus> statuses);
}
