package org.trainingservice.training;

import java.util.SplittableRandom;

/** Derives independent, reproducible seeds from the job's seed and a position (epoch, batch). */
final class Seeds {

    private Seeds() {
    }

    static long derive(long seed, long epoch, long batch) {
        long mixed = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + batch * 0x165667B19E3779F9L;
        return new SplittableRandom(mixed).nextLong();
    }
}
