package org.trainingservice.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of a job's state history. */
@Entity
@Table(name = "job_transition")
class JobTransition {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "job_id")
    private UUID jobId;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    @Column(name = "transitioned_at")
    private Instant transitionedAt;
    private String message;
    private String node;

    protected JobTransition() {
    }

    public Long getId() {
        return id;
    }

    public UUID getJobId() {
        return jobId;
    }

    public JobStatus getStatus() {
        return status;
    }

    public Instant getTransitionedAt() {
        return transitionedAt;
    }

    public String getMessage() {
        return message;
    }

    public String getNode() {
        return node;
    }
}
