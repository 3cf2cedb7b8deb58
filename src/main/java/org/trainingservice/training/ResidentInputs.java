package org.trainingservice.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The training split's inputs copied once into one engine array, for steps that take every row in storage order (a
 * full batch, which needs no shuffle): each chunk of such a step is then a view of consecutive rows instead of rows
 * copied into a fresh array. On this project's machine those copies were 4% of a 60,000-row MNIST step, with PyTorch's
 * second thread idle meanwhile. The price is a second copy of the inputs in native memory for the whole fit, so a
 * split larger than {@link #MAX_BYTES} keeps the copying path, as does a step whose inputs a regularizer changes.
 */
final class ResidentInputs implements AutoCloseable {

    /** The most native memory a fit spends on the copy; above it, chunks are copied as for any other batch. */
    static final long MAX_BYTES = 512L << 20;

    private final PreparedSplit train;
    private final NDManager parent;
    private final long maxBytes;
    private final DirectRows staging;
    private final int uploadRows;
    private NDManager manager;
    private NDArray inputs;

    /** The upload goes {@code uploadRows} at a time through {@code staging}: no buffer of the split's size is made. */
    ResidentInputs(PreparedSplit train, NDManager parent, long maxBytes, DirectRows staging, int uploadRows) {
        this.train = train;
        this.parent = parent;
        this.maxBytes = maxBytes;
        this.staging = staging;
        this.uploadRows = uploadRows;
    }

    /** Whether a step of {@code batchRows} in chunks of {@code chunkRows} can take its inputs from here. */
    boolean covers(int batchRows, int chunkRows, BatchTransforms transforms) {
        return batchRows == train.rows() && chunkRows < batchRows && !transforms.changesInputs()
                && (long) train.rows() * train.cols() * Float.BYTES <= maxBytes;
    }

    /** Rows {@code from..from+rows} of the split as a view, attached to {@code pass}. */
    NDArray rows(NDManager pass, int from, int rows) {
        if (inputs == null) {
            upload();
        }
        NDArray view = inputs.get(new NDIndex("{}:{}", from, from + rows));
        view.attach(pass);
        return view;
    }

    /** Whether the inputs are in an engine array now (a test's view of the path taken). */
    boolean uploaded() {
        return inputs != null;
    }

    private void upload() {
        int cols = train.cols();
        manager = parent.newSubManager();
        inputs = manager.zeros(new Shape(train.rows(), cols));
        for (int from = 0; from < train.rows(); from += uploadRows) {
            int rows = Math.min(uploadRows, train.rows() - from);
            try (NDManager copy = manager.newSubManager()) {
                inputs.set(new NDIndex("{}:{}", from, from + rows),
                        staging.wrap(copy, train.inputs(), from * cols, rows, cols));
            }
        }
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
            manager = null;
            inputs = null;
        }
    }
}
