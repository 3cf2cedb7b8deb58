package org.trainingservice.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count for the training steps of one epoch, from the rows each forward pass takes: one
 * thread per {@link #rowsPerThread} rows, up to the count the engine started with. Below that, splitting the small
 * matrix products and element-wise ops of a batch across threads costs more in synchronization than it saves, and
 * where that line lies depends on the processor. On this project's 2-core AMD EPYC machine (MKL's AVX-512 kernels, see
 * the scheduler's MklKernelChoice) batch 32 trained 1.27x faster on one thread in 9 paired epochs, batch 64 and 128
 * broke even, batch 256 ran about 1.1x faster on two, and 1,024 rows and full batches 1.6-1.9x: 64 rows a thread. On
 * its 2-core Intel Xeon machine two threads won from 32 rows: batch 32 about 5% faster (5 paired runs of 3 epochs,
 * 1.02x to 1.11x), batch 64 13-17% (3 pairs), and batch 16 no faster: 16 rows a thread there.
 */
final class IntraOpThreads implements AutoCloseable {

    /** Rows a thread on processors not measured here: the count that suited the first machine measured. */
    private static final int DEFAULT_ROWS_PER_THREAD = 64;
    private static final int INTEL_ROWS_PER_THREAD = 16;

    private final int previous;

    private IntraOpThreads(int previous) {
        this.previous = previous;
    }

    /** The rows of a pass worth one more intra-op thread on {@code processor}. */
    static int rowsPerThread(Processor processor) {
        return processor.isIntel() ? INTEL_ROWS_PER_THREAD : DEFAULT_ROWS_PER_THREAD;
    }

    /**
     * Sets the thread count for passes of {@code rows} rows on a CPU, one per {@code rowsPerThread} rows; restores the
     * previous count on close.
     */
    static IntraOpThreads forPassesOf(int rows, int rowsPerThread, boolean onCpu) {
        if (!onCpu || !"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return new IntraOpThreads(0);
        }
        int previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(Math.max(1, Math.min(previous, rows / rowsPerThread)));
        return new IntraOpThreads(previous);
    }

    @Override
    public void close() {
        if (previous > 0) {
            JniUtils.setNumThreads(previous);
        }
    }
}
