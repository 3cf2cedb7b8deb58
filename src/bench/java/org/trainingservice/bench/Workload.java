package org.trainingservice.bench;

import java.util.SplittableRandom;

/** The benchmark's data: random inputs (784 features) and labels (10 classes), as in the measurements. */
record Workload(float[] x, float[] y, int rows, int cols, int classes) {

    static Workload random(int rows, long seed) {
        int cols = 784;
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        float[] y = new float[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextInt(10);
        }
        return new Workload(x, y, rows, cols, 10);
    }

    Workload head(int n) {
        float[] hx = new float[n * cols];
        float[] hy = new float[n];
        System.arraycopy(x, 0, hx, 0, n * cols);
        System.arraycopy(y, 0, hy, 0, n);
        return new Workload(hx, hy, n, cols, classes);
    }

    /**
     * Floating-point operations of the matrix products in one training step of the 784-512-256-10 MLP, per sample:
     * the forward pass and the weight gradients multiply-add every weight once each; the input gradients skip the
     * first layer, whose input needs none.
     */
    static long matrixFlopsPerSample() {
        long first = 784L * 512;
        long rest = 512L * 256 + 256L * 10;
        return 2 * (2 * (first + rest) + rest);
    }
}
