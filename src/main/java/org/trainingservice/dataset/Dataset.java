package org.trainingservice.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.trainingservice.training.spec.Task;

/** An uploaded dataset's metadata and schema; its bytes live in {@code dataset_file}. */
@Entity
@Table(name = "dataset")
class Dataset {

    @Id
    private UUID id;
    private String tenant;
    private String name;
    private String format;
    private String task;
    private String target;
    @Column(name = "row_count")
    private int rowCount;
    @Column(name = "feature_count")
    private int featureCount;
    @Column(name = "schema_json")
    private String schemaJson;
    @Column(name = "content_hash")
    private String contentHash;
    @Column(name = "size_bytes")
    private long sizeBytes;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Dataset() {
    }

    public Dataset(UUID id, String tenant, String name, String format, Task task, String target, int rowCount,
                   int featureCount, String schemaJson, String contentHash, long sizeBytes, Instant createdAt) {
        this.id = id;
        this.tenant = tenant;
        this.name = name;
        this.format = format;
        this.task = task.name().toLowerCase(Locale.ROOT);
        this.target = target;
        this.rowCount = rowCount;
        this.featureCount = featureCount;
        this.schemaJson = schemaJson;
        this.contentHash = contentHash;
        this.sizeBytes = sizeBytes;
        this.createdAt = createdAt;
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

    public String getFormat() {
        return format;
    }

    public Task getTask() {
        return Task.valueOf(task.toUpperCase(Locale.ROOT));
    }

    public String getTarget() {
        return target;
    }

    public int getRowCount() {
        return rowCount;
    }

    public int getFeatureCount() {
        return featureCount;
    }

    public String getSchemaJson() {
        return schemaJson;
    }

    public String getContentHash() {
        return contentHash;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
