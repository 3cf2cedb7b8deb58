package org.trainingservice.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A submitted job: its spec, where it is in its life, its latest progress and, when done, its result. */
@Entity
@Table(name = "training_job")
class TrainingJob {

    @Id
    private UUID id;
    private String tenant;
    private String name;
    @Column(name = "spec_json")
    private String specJson;
    @Column(name = "dataset_id")
    private UUID datasetId;
    private String device;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    @Column(name = "status_message")
    private String statusMessage;
    private int priority;
    private int attempt;
    private String node;
    @Column(name = "lease_owner")
    private String leaseOwner;
    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;
    @Column(name = "progress_epoch")
    private int progressEpoch;
    @Column(name = "progress_total_epochs")
    private int progressTotalEpochs;
    @Column(name = "progress_fraction")
    private double progressFraction;
    @Column(name = "progress_label")
    private String progressLabel;
    @Column(name = "eta_seconds")
    private Long etaSeconds;
    @Column(name = "latest_metrics_json")
    private String latestMetricsJson;
    @Column(name = "result_json")
    private String resultJson;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Version
    private long version;
    @Column(name = "experiment_id")
    private UUID experimentId;
    @Column(name = "trial_number")
    private Integer trialNumber;
    @Column(name = "hyperparameters_json")
    private String hyperparametersJson;
    @Column(name = "pause_at_epoch")
    private Integer pauseAtEpoch;
    private int promotions;

    protected TrainingJob() {
    }

    public TrainingJob(UUID id, String tenant, String name, String specJson, UUID datasetId, String device,
                       int priority, int totalEpochs, Instant now) {
        this.id = id;
        this.tenant = tenant;
        this.name = name;
        this.specJson = specJson;
        this.datasetId = datasetId;
        this.device = device;
        this.priority = priority;
        this.status = JobStatus.QUEUED;
        this.statusMessage = "waiting for a worker";
        this.progressTotalEpochs = totalEpochs;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Makes this job trial {@code trialNumber} of an experiment, pausing after {@code pauseAtEpoch} (null: never). */
    void asTrial(UUID experiment, int number, String hyperparameters, Integer pauseAt) {
        this.experimentId = experiment;
        this.trialNumber = number;
        this.hyperparametersJson = hyperparameters;
        this.pauseAtEpoch = pauseAt;
    }

    public UUID getExperimentId() {
        return experimentId;
    }

    public Integer getTrialNumber() {
        return trialNumber;
    }

    public String getHyperparametersJson() {
        return hyperparametersJson;
    }

    public Integer getPauseAtEpoch() {
        return pauseAtEpoch;
    }

    public int getPromotions() {
        return promotions;
    }

    public UUID getId() {
        return id;
    }

    public String getTenant() {
        return tenant;
    }

    public String getName() {
        return name;
    }

    public String getSpecJson() {
        return specJson;
    }

    public UUID getDatasetId() {
        return datasetId;
    }

    public String getDevice() {
        return device;
    }

    public JobStatus getStatus() {
        return status;
    }

    public String getStatusMessage() {
        return statusMessage;
    }

    public int getPriority() {
        return priority;
    }

    public int getAttempt() {
        return attempt;
    }

    public String getNode() {
        return node;
    }

    public String getLeaseOwner() {
        return leaseOwner;
    }

    public Instant getLeaseExpiresAt() {
        return leaseExpiresAt;
    }

    public int getProgressEpoch() {
        return progressEpoch;
    }

    public int getProgressTotalEpochs() {
        return progressTotalEpochs;
    }

    public double getProgressFraction() {
        return progressFraction;
    }

    public String getProgressLabel() {
        return progressLabel;
    }

    public Long getEtaSeconds() {
        return etaSeconds;
    }

    public String getLatestMetricsJson() {
        return latestMetricsJson;
    }

    public String getResultJson() {
        return resultJson;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public long getVersion() {
        return version;
    }
}
