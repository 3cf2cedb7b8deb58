package org.trainingservice.dataset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.trainingservice.common.ConflictException;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.common.LimitsProperties;
import org.trainingservice.common.NotFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads, lists, deletes and loads datasets. An upload is parsed and checked completely before anything is stored,
 * within {@code training.limits.*} (see {@link UploadLimits}), and stored in one transaction: a refused file leaves
 * nothing behind.
 */
@Service
public class DatasetService {

    private final DatasetRepository datasets;
    private final JdbcTemplate jdbc;
    private final DatasetUsage usage;
    private final JsonMapper json;
    private final Clock clock;
    private final UploadLimits limits;
    private final TransactionTemplate transaction;

    public DatasetService(DatasetRepository datasets, JdbcTemplate jdbc, DatasetUsage usage, JsonMapper json, Clock clock,
                          LimitsProperties limits, PlatformTransactionManager transactions) {
        this.datasets = datasets;
        this.jdbc = jdbc;
        this.usage = usage;
        this.json = json;
        this.clock = clock;
        this.limits = UploadLimits.of(limits);
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Parsed outside any transaction (a large file holds no database connection while it is read), stored in one. */
    public DatasetView uploadCsv(String tenant, String name, byte[] file, String target, String task, Set<String> ignore) {
        checkName(name);
        CsvTable read = CsvReader.read(file, limits);
        List<String> decimalComma = DecimalCommas.columns(read);
        CsvTable table = DecimalCommas.convert(read, decimalComma);
        DatasetSchema inferred = CsvEncoder.encode(table, target, task, ignore).schema().withDecimalComma(decimalComma);
        DatasetSchema schema = inferred.withWarnings(UploadWarnings.of(read, inferred));
        return transaction.execute(status -> store(tenant, name, schema, Map.of("file", file)));
    }

    /** Parsed outside any transaction, stored in one, as {@link #uploadCsv}. */
    public DatasetView uploadIdx(String tenant, String name, byte[] images, byte[] labels, String task) {
        checkName(name);
        if (task != null && !task.equals("classification")) {
            throw new DatasetFormatException("task", "IDX images with labels are a classification dataset; leave task out");
        }
        EncodedDataset encoded = IdxReader.read(images, labels, limits);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("images", images);
        parts.put("labels", labels);
        return transaction.execute(status -> store(tenant, name, encoded.schema(), parts));
    }

    @Transactional(readOnly = true)
    public DatasetView get(UUID id, String tenant) {
        return view(find(id, tenant), true);
    }

    @Transactional(readOnly = true)
    public DatasetPage list(String tenant, int page, int size) {
        if (page < 0 || size < 1 || size > 200) {
            throw new InvalidRequestException(page < 0 ? "page" : "size", page < 0 ? "must be 0 or more" : "must be between 1 and 200");
        }
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        Page<Dataset> result = tenant == null ? datasets.findAll(request) : datasets.findByTenant(tenant, request);
        return new DatasetPage(result.map(d -> view(d, false)).getContent(), page, size, result.getTotalElements(),
                result.getTotalPages());
    }

    @Transactional
    public void delete(UUID id, String tenant) {
        Dataset dataset = find(id, tenant);
        if (usage.usedByActiveJobs(id)) {
            throw new ConflictException("dataset " + id + " is used by a queued or running job; cancel or wait for it first");
        }
        datasets.delete(dataset);
    }

    /** The dataset's task and schema, if the tenant may see it. */
    @Transactional(readOnly = true)
    public Optional<DatasetSchema> schema(UUID id, String tenant) {
        return datasets.findById(id).filter(d -> tenant == null || d.getTenant().equals(tenant))
                .map(d -> json.readValue(d.getSchemaJson(), DatasetSchema.class));
    }

    /** Encodes the stored bytes with the stored schema: the matrix a job trains on. */
    @Transactional(readOnly = true)
    public DatasetMatrix load(UUID id) {
        Dataset dataset = datasets.findById(id).orElseThrow(() -> new NotFoundException("dataset", id));
        DatasetSchema schema = json.readValue(dataset.getSchemaJson(), DatasetSchema.class);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        jdbc.query("SELECT part, content FROM dataset_file WHERE dataset_id = ?",
                rs -> {
                    parts.put(rs.getString(1), rs.getBytes(2));
                }, id);
        if (dataset.getFormat().equals("idx")) {
            return IdxReader.read(parts.get("images"), parts.get("labels")).matrix();
        }
        return CsvEncoder.apply(DecimalCommas.convert(CsvReader.read(parts.get("file")), schema.decimalComma()), schema);
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name", "give the dataset a name");
        }
        if (name.length() > 200) {
            throw new InvalidRequestException("name", "must be at most 200 characters");
        }
    }

    /** The row and its files: one transaction, so a failure (or a killed node) leaves all of it or none. */
    private DatasetView store(String tenant, String name, DatasetSchema schema, Map<String, byte[]> parts) {
        long size = parts.values().stream().mapToLong(b -> b.length).sum();
        Dataset dataset = new Dataset(UUID.randomUUID(), tenant, name.trim(), schema.format(), schema.task(),
                schema.target(), schema.rows(), schema.features(), json.writeValueAsString(schema), hash(parts), size,
                clock.instant());
        datasets.saveAndFlush(dataset);
        parts.forEach((part, bytes) -> jdbc.update("INSERT INTO dataset_file (dataset_id, part, content) VALUES (?, ?, ?)",
                dataset.getId(), part, bytes));
        return view(dataset, true);
    }

    private Dataset find(UUID id, String tenant) {
        return datasets.findById(id).filter(d -> tenant == null || d.getTenant().equals(tenant))
                .orElseThrow(() -> new NotFoundException("dataset", id));
    }

    private DatasetView view(Dataset d, boolean detailed) {
        DatasetSchema schema = detailed ? json.readValue(d.getSchemaJson(), DatasetSchema.class) : null;
        return new DatasetView(d.getId(), d.getName(), d.getFormat(), d.getTask(), d.getTarget(), d.getRowCount(),
                d.getFeatureCount(), d.getSizeBytes(), d.getContentHash(), d.getCreatedAt(),
                schema == null ? null : schema.warnings(), schema);
    }

    private static String hash(Map<String, byte[]> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            parts.values().forEach(digest::update);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
