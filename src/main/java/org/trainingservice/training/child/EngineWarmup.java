package org.trainingservice.training.child;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Loads the engine and PyTorch's natives, and runs one small matrix product so that the math libraries and their
 * thread pools are set up too. Every training process does this first, warm or cold, so that a job begins on the same
 * engine state either way; it touches no random generator and leaves no array behind.
 */
final class EngineWarmup {

    private EngineWarmup() {
    }

    static void run() {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = manager.ones(new Shape(4, 4));
            a.matMul(a).toFloatArray();
        }
    }
}
