package org.trainingservice.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The machine's matmul rate and a training run's resident memory, measured in workers set up as training processes. */
final class Measurements {

    private Measurements() {
    }

    static double matmulGflops(int n) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomUniform(0, 1, new Shape(n, n));
            NDArray b = manager.randomUniform(0, 1, new Shape(n, n));
            a.matMul(b).close();
            int reps = 10;
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
            }
            return 2.0 * n * n * n * reps / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
    }

    /** Resident memory (MB) after each epoch of one training run at batch 128. */
    static List<Double> residentMbPerEpoch(Workload data, int epochs) throws Exception {
        List<Double> rss = new ArrayList<>();
        org.trainingservice.training.spec.JobSpec spec = JsonMapper.builder().build().readValue("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [512, 256]}, "training": {"epochs": %d, "batchSize": 128},
                 "checkpoint": {"everyEpochs": 1000}}""".formatted(epochs), org.trainingservice.training.spec.JobSpec.class)
                .withDefaults(org.trainingservice.training.spec.Task.CLASSIFICATION);
        org.trainingservice.training.PreparedSplit train = new org.trainingservice.training.PreparedSplit(data.x(), data.y(),
                data.y(), data.rows(), data.cols(), null);
        try (NDManager manager = NDManager.newBaseManager()) {
            new org.trainingservice.training.ModelTrainer(spec, 10, new int[0],
                    new org.trainingservice.training.Evaluator(org.trainingservice.training.spec.LossType.CROSS_ENTROPY, 10, null))
                    .fit(manager, train, train.select(new int[]{0, 1, 2, 3}), 1, org.trainingservice.training.TrainingObserver.onEpoch(
                            report -> rss.add(residentKb() / 1024.0)), org.trainingservice.training.SubRun.SINGLE);
        }
        return rss;
    }

    private static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
