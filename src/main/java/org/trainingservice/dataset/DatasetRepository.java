package org.trainingservice.dataset;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetRepository extends JpaRepository<Dataset, UUID> {

    Page<Dataset> findByTenant(String tenant, Pageable pageable);
}
