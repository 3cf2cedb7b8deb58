package org.trainingservice.training;

/** Replays early stopping (minDelta 0) on a recorded validation curve, to say which patience would have done what. */
final class EarlyStoppingReplay {

    /** The patience advised is at least 3 (1 or 2 stop on noise), if 3 or more would still have caught the onset. */
    static final int ADVISED_MIN_PATIENCE = 3;

    private EarlyStoppingReplay() {
    }

    /**
     * The patience with which early stopping on this curve would have stopped within the run and kept index
     * {@code m}: the smallest from {@link #ADVISED_MIN_PATIENCE} up, else the smallest below it; null if none.
     */
    static Integer patienceCatching(double[] v, boolean maximize, int m) {
        int after = v.length - 1 - m;
        for (int p = ADVISED_MIN_PATIENCE; p <= after; p++) {
            if (keptBy(v, maximize, p) == m) {
                return p;
            }
        }
        for (int p = 1; p < ADVISED_MIN_PATIENCE && p <= after; p++) {
            if (keptBy(v, maximize, p) == m) {
                return p;
            }
        }
        return null;
    }

    /** The index early stopping with {@code patience} keeps, or -1 when it would not stop within the curve. */
    static int keptBy(double[] v, boolean maximize, int patience) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (maximize ? v[i] > v[best] : v[i] < v[best]) {
                best = i;
            } else if (i - best >= patience) {
                return best;
            }
        }
        return -1;
    }

    /** The index of the best value (the first, on ties). */
    static int bestIndex(double[] v, boolean maximize) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (maximize ? v[i] > v[best] : v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }
}
