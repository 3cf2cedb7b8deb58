package org.trainingservice.bench;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.trainingservice.training.Evaluator;
import org.trainingservice.training.ModelTrainer;
import org.trainingservice.training.PreparedSplit;
import org.trainingservice.training.SubRun;
import org.trainingservice.training.TrainingObserver;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.LossType;
import tools.jackson.databind.json.JsonMapper;

/** Our training loop (the one the service's training processes run), timed on training steps only. */
final class OursTrainer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OursTrainer() {
    }

    /** Samples per second over {@code epochs} passes of {@code data} at {@code batch} (0: full batch). */
    static double samplesPerSecond(Workload data, int batch, int epochs) {
        String mode = batch == 0 ? "full_batch" : batch == 1 ? "stochastic" : "mini_batch";
        JobSpec spec = JSON.readValue("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [512, 256]},
                 "optimizer": {"type": "adam", "learningRate": 0.001},
                 "training": {"epochs": %d, "batchMode": "%s", "batchSize": %d},
                 "checkpoint": {"everyEpochs": 1000}}""".formatted(epochs, mode, Math.max(batch, 1)), JobSpec.class)
                .withDefaults(org.trainingservice.training.spec.Task.CLASSIFICATION);
        PreparedSplit train = new PreparedSplit(data.x(), data.y(), data.y(), data.rows(), data.cols(), null);
        Workload tiny = data.head(10);
        PreparedSplit validation = new PreparedSplit(tiny.x(), tiny.y(), tiny.y(), tiny.rows(), tiny.cols(), null);
        AtomicLong samples = new AtomicLong();
        DoubleAdder seconds = new DoubleAdder();
        try (NDManager manager = NDManager.newBaseManager()) {
            new ModelTrainer(spec, data.classes(), new int[0], new Evaluator(LossType.CROSS_ENTROPY, data.classes(), null))
                    .fit(manager, train, validation, 1, TrainingObserver.onEpoch(report -> {
                        samples.addAndGet(report.samples());
                        seconds.add(report.seconds());
                    }), SubRun.SINGLE);
        }
        return samples.get() / seconds.sum();
    }
}
