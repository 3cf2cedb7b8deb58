package org.trainingservice.experiment.search;

/**
 * The standard normal density and the log of its probability masses, accurate in the far tails (where a plain
 * difference of CDFs would round to 0 and its log to minus infinity), for the TPE's truncated kernels.
 */
final class Gaussian {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT_2 = Math.sqrt(2);
    private static final double LOG_HALF = Math.log(0.5);

    private Gaussian() {
    }

    static double logPdf(double z) {
        return -0.5 * z * z - LOG_SQRT_2PI;
    }

    /**
     * log erfc(x) for x >= 0 with a relative error of erfc below 1.2e-7 (the Chebyshev fit of Numerical Recipes
     * 6.2), kept in log form so that it never underflows.
     */
    static double logErfc(double x) {
        double t = 1.0 / (1.0 + 0.5 * x);
        double series = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        return Math.log(t) - x * x + series;
    }

    static double cdf(double z) {
        return z <= 0 ? 0.5 * Math.exp(logErfc(-z / SQRT_2)) : 1 - 0.5 * Math.exp(logErfc(z / SQRT_2));
    }

    static double logCdf(double z) {
        return z <= 0 ? LOG_HALF + logErfc(-z / SQRT_2) : Math.log1p(-0.5 * Math.exp(logErfc(z / SQRT_2)));
    }

    /** log(Φ(b) − Φ(a)) for a <= b: the log of the mass a standard normal puts on [a, b]. */
    static double logMass(double a, double b) {
        if ((b - a) * (1 + Math.max(Math.abs(a), Math.abs(b))) < 1e-3) {
            // narrow: the midpoint rule is exact to about 1e-7 here, where the CDF difference would cancel
            return logPdf(0.5 * (a + b)) + Math.log(b - a);
        }
        if (b <= 0) {
            double logB = logCdf(b);
            return logB + Math.log1p(-Math.exp(logCdf(a) - logB));
        }
        if (a >= 0) {
            return logMass(-b, -a);
        }
        return Math.log(cdf(b) - cdf(a));
    }
}
