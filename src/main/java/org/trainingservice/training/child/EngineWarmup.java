package org.trainingservice.training.child;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.trainingservice.training.DataTable;
import org.trainingservice.training.TrainingEngine;
import org.trainingservice.training.TrainingObserver;
import org.trainingservice.training.TrainingOutcome;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gets a training process ready for its job. Every process, warm or cold, loads the engine and PyTorch's natives and
 * runs one small matrix product, so that the math libraries and their threads are set up too. A warm process, which
 * has time while it waits, also reads a spec, trains a tiny job on made-up data and writes its reports and model as a
 * job's are written, so that the classes and compiled code of reading, training and reporting a job are in place when
 * its job comes. That leaves nothing a job could see: every job
 * seeds the engine's random generator itself (at its start and at each batch), restores the thread count it sets,
 * and keeps its arrays in managers of its own; {@code WarmProcessesTest} compares a warm job's result with a cold
 * one's, to the bit.
 */
final class EngineWarmup {

    private static final String TINY_JOB = """
            {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]},
             "training": {"epochs": 2, "batchSize": 8, "seed": 1, "device": "cpu"}, "checkpoint": {"everyEpochs": 1000}}""";

    private EngineWarmup() {
    }

    /** What every training process does first. */
    static void loadEngine() {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = manager.ones(new Shape(4, 4));
            a.matMul(a).toFloatArray();
        }
    }

    /** What a warm process does besides, before it reports ready. */
    static void trainTinyJob(JsonMapper json) {
        JobSpec spec = json.readValue(TINY_JOB, JobSpec.class).withDefaults(Task.CLASSIFICATION);
        int rows = 40;
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (i % 7) / 7f;
            x[2 * i + 1] = (i % 5) / 5f;
            y[i] = i % 2;
        }
        DataTable data = new DataTable(x, rows, 2, y, List.of("0", "1"), List.of("x1", "x2"), new int[0], 0);
        TrainingOutcome outcome = new TrainingEngine().run(spec, data,
                TrainingObserver.onEpoch(report -> json.writeValueAsString(new ChildEvent.Epoch(report))));
        // the model and the last word of a job are written the same way: their serializers, built on first use, are
        // a few tenths of a second of a small job's end otherwise
        json.writeValueAsString(outcome.model());
        json.writeValueAsString(new ChildEvent.Finished(outcome.result()));
    }
}
