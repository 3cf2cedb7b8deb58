package org.trainingservice.scheduler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Run as a process of its own by {@link MklKernelChoiceTest}: multiplies two matrices through libtorch, large enough
 * that MKL does the work, and prints the largest difference from the same product summed in doubles here.
 */
public final class MklProductProbe {

    private static final int ROWS = 256;
    private static final int INNER = 384;
    private static final int COLUMNS = 320;

    private MklProductProbe() {
    }

    public static void main(String[] args) {
        Random random = new Random(11);
        float[] a = new float[ROWS * INNER];
        float[] b = new float[INNER * COLUMNS];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        float[] product;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray left = manager.create(a, new Shape(ROWS, INNER));
            NDArray right = manager.create(b, new Shape(INNER, COLUMNS));
            product = left.matMul(right).toFloatArray();
        }
        double largest = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                double sum = 0;
                for (int k = 0; k < INNER; k++) {
                    sum += (double) a[r * INNER + k] * b[k * COLUMNS + c];
                }
                largest = Math.max(largest, Math.abs(sum - product[r * COLUMNS + c]));
            }
        }
        System.out.println("largest difference " + largest);
    }
}
