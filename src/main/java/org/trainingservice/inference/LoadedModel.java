package org.trainingservice.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import org.trainingservice.training.DirectRows;
import org.trainingservice.training.Ensembles;
import org.trainingservice.training.Evaluator;
import org.trainingservice.training.ModelFactory;
import org.trainingservice.training.ModelParameters;
import org.trainingservice.training.TrainedModel;

/**
 * A model loaded into this process for predictions: its networks on the CPU, in inference mode. Closing it frees
 * their native memory; calls are serialized so that a close never races a prediction.
 */
public final class LoadedModel implements AutoCloseable {

    private final StoredModel stored;
    private final NDManager manager;
    private final List<SequentialBlock> blocks = new ArrayList<>();
    private final double[] weights;
    private final DirectRows inputRows = new DirectRows();
    private volatile long lastUsed = System.nanoTime();
    private boolean closed;

    public LoadedModel(StoredModel stored) {
        this.stored = stored;
        TrainedModel model = stored.model();
        this.manager = NDManager.newBaseManager(Device.cpu());
        this.weights = model.members().stream().mapToDouble(TrainedModel.Member::weight).toArray();
        for (TrainedModel.Member member : model.members()) {
            SequentialBlock block = ModelFactory.build(model.spec().model(), model.inputs(), model.outputs(), model.imageShape());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, model.inputs()));
            ModelParameters.load(block, manager, member.parameters());
            blocks.add(block);
        }
    }

    public StoredModel stored() {
        return stored;
    }

    /**
     * Combined outputs for preprocessed rows: log-probabilities (classification) or standardized predictions
     * (regression), rows x outputs.
     */
    public synchronized float[] predict(float[] inputs, int rows) {
        if (closed) {
            throw new IllegalStateException("model was unloaded");
        }
        lastUsed = System.nanoTime();
        TrainedModel model = stored.model();
        List<float[]> outputs = new ArrayList<>();
        for (SequentialBlock block : blocks) {
            outputs.add(Evaluator.predict(block, manager, inputs, rows, model.inputs(), model.outputs(), inputRows));
        }
        return Ensembles.combine(model.combination(), outputs, weights, rows, model.outputs(), !model.classNames().isEmpty());
    }

    public long lastUsedNanos() {
        return lastUsed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
