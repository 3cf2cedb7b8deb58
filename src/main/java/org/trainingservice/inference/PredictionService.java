package org.trainingservice.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.trainingservice.common.ConflictException;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.job.JobService;
import org.trainingservice.job.JobStatus;
import org.trainingservice.training.Ensembles;
import org.trainingservice.training.TrainedModel;

/** Predictions of a finished job's model (or ensemble, or k-fold refit), in this process: no training child needed. */
@Service
public class PredictionService {

    private final JobService jobs;
    private final ModelStore store;
    private final ModelCache cache;
    private final int maxInstances;

    public PredictionService(JobService jobs, ModelStore store, ModelCache cache,
                             @Value("${training.inference.max-instances:1000}") int maxInstances) {
        this.jobs = jobs;
        this.store = store;
        this.cache = cache;
        this.maxInstances = maxInstances;
    }

    public PredictionResponse predict(UUID jobId, String tenant, PredictionRequest request) {
        requireSucceeded(jobId, tenant);
        if (request == null || request.instances() == null || request.instances().isEmpty()) {
            throw new InvalidRequestException("instances", "give at least one instance: {\"instances\": [[...], ...]}");
        }
        if (request.instances().size() > maxInstances) {
            throw new InvalidRequestException("instances", "at most " + maxInstances
                    + " instances per request (training.inference.max-instances); split the batch");
        }
        LoadedModel loaded = cache.get(jobId, this::load);
        TrainedModel model = loaded.stored().model();
        InstanceEncoder encoder = new InstanceEncoder(loaded.stored().encoding(), model.preprocessing());
        InstanceEncoder.Encoded encoded = encoder.encode(request.instances());
        float[] inputs = encoded.inputs();
        List<PredictionWarning> warnings = encoded.warnings().isEmpty() ? null : encoded.warnings();
        int rows = request.instances().size();
        float[] outputs = loaded.predict(inputs, rows);
        List<Object> predictions = new ArrayList<>();
        if (model.classNames().isEmpty()) {
            for (int r = 0; r < rows; r++) {
                predictions.add(model.preprocessing().inverseTarget(outputs[r]));
            }
            return new PredictionResponse(predictions, null, null, warnings);
        }
        int k = model.outputs();
        double[] p = Ensembles.softmax(outputs, rows, k);
        List<List<Double>> probabilities = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            predictions.add(model.classNames().get(Ensembles.argmax(outputs, r, k)));
            List<Double> row = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                row.add(p[r * k + c]);
            }
            probabilities.add(row);
        }
        return new PredictionResponse(predictions, probabilities, model.classNames(), warnings);
    }

    /**
     * The mean of several SUCCEEDED jobs' predictions of the same instances (see {@link PredictionMean}); the jobs must
     * be trained on the same dataset. Warnings are the first job's.
     */
    public PredictionResponse predictMean(List<UUID> jobIds, String tenant, PredictionRequest request) {
        return PredictionMean.of(jobIds.stream().map(job -> predict(job, tenant, request)).toList());
    }

    /** The stored model of a SUCCEEDED job the tenant may see; 404 / 409 otherwise. */
    public StoredModel storedModel(UUID jobId, String tenant) {
        requireSucceeded(jobId, tenant);
        return store.find(jobId).orElseThrow(() -> new ConflictException("job " + jobId + " has no stored model"));
    }

    private void requireSucceeded(UUID jobId, String tenant) {
        JobStatus status = jobs.status(jobId, tenant);
        if (status != JobStatus.SUCCEEDED) {
            throw new ConflictException("job " + jobId + " is " + status + "; predictions and downloads need a SUCCEEDED job");
        }
    }

    private LoadedModel load(UUID jobId) {
        return new LoadedModel(store.find(jobId)
                .orElseThrow(() -> new ConflictException("job " + jobId + " has no stored model")));
    }
}
