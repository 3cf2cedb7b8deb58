package org.trainingservice.job;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobTransitionRepository extends JpaRepository<JobTransition, Long> {

    List<JobTransition> findByJobIdOrderByIdAsc(UUID jobId);
}
