package org.trainingservice.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count for the training steps of one epoch, from the rows each forward pass takes: one
 * thread per 64 rows, up to the count the engine started with. On this project's 2-core machine, splitting the small
 * matrix products and element-wise ops of a batch of up to 64 rows across threads cost more in synchronization than it
 * saved (batch 32 trained 1.3-1.7x faster on one thread; batch 64 broke even); 128 rows broke even too, and 1,024 rows
 * and full batches trained 1.6-1.9x faster on both cores. With MKL's AVX-512 kernels (see the scheduler's
 * MklKernelChoice) the split stays right: in 9 paired epochs batch 32 ran 1.27x faster on one thread, batch 128 and
 * 256 about 1.1x faster on two.
 */
final class IntraOpThreads implements AutoCloseable {

    private static final int ROWS_PER_THREAD = 64;

    private final int previous;

    private IntraOpThreads(int previous) {
        this.previous = previous;
    }

    /** Sets the thread count for passes of {@code rows} rows on a CPU; restores the previous count on close. */
    static IntraOpThreads forPassesOf(int rows, boolean onCpu) {
        if (!onCpu || !"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return new IntraOpThreads(0);
        }
        int previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(Math.max(1, Math.min(previous, rows / ROWS_PER_THREAD)));
        return new IntraOpThreads(previous);
    }

    @Override
    public void close() {
        if (previous > 0) {
            JniUtils.setNumThreads(previous);
        }
    }
}
