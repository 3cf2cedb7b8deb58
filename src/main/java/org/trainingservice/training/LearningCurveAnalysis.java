package org.trainingservice.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.trainingservice.training.spec.LearningCurveSpec;

/**
 * Trains the spec on growing stratified shares of the training split, each share {@code repeats} times (each repeat
 * its own sample and seed), validating on the job's validation split; then reads the curve. Each training is a
 * sub-run of the job (progress, cancel, checkpoints), reported with its share in {@link EpochReport#curveFraction()}.
 * The first repeat of the full share trains exactly what the job's single model trains (same rows, same seed).
 *
 * <p>The verdict reads the validation score ({@code accuracy} or {@code r2}) of the largest shares: its least-squares
 * slope against log2 of the training rows over the last {@link #TREND_POINTS} points (fewer if the curve has fewer)
 * of at least {@link #STILL_RISING_PER_DOUBLING} says more data would still help; otherwise training and validation
 * scores within {@link #CURVES_MEET} of each other at the largest share say the curves have met, so only more
 * capacity (or better features) can lift them; otherwise neither.
 */
final class LearningCurveAnalysis {

    /**
     * One point of accuracy (or R²) per doubling of the training rows: less is within the noise of a validation split
     * of a few hundred rows, and at that rate even ten times the data would add only about three points.
     */
    static final double STILL_RISING_PER_DOUBLING = 0.01;
    /** Training and validation scores closer than three points have met: the model no longer memorizes. */
    static final double CURVES_MEET = 0.03;
    /** A slope through three points, not the last step alone: one noisy validation score must not make the verdict. */
    static final int TREND_POINTS = 3;

    private LearningCurveAnalysis() {
    }

    static LearningCurve run(JobContext ctx, Preparation prep, int offset) {
        LearningCurveSpec spec = ctx.spec().analysis().learningCurve();
        if (prep.validation().isEmpty()) {
            throw new IllegalArgumentException("the learning curve needs a validation split, and the dataset's "
                    + prep.train().rows() + " training rows leave none; use more rows or leave analysis.learningCurve out");
        }
        PreparedSplit train = prep.train();
        int[] labels = ctx.data().isClassification() && ctx.spec().validation().stratify()
                ? IntStream.range(0, train.rows()).map(i -> (int) train.targets()[i]).toArray() : null;
        Evaluator evaluator = ctx.evaluator(prep.preprocessing());
        int repeats = spec.repeats();
        int index = offset;
        List<LearningCurve.Point> points = new ArrayList<>();
        for (double fraction : spec.fractions()) {
            List<Map<String, Double>> trainMetrics = new ArrayList<>();
            List<Map<String, Double>> validationMetrics = new ArrayList<>();
            int rows = 0;
            for (int r = 1; r <= repeats; r++) {
                PreparedSplit part = fraction >= 1 ? train
                        : train.select(share(train.rows(), labels, fraction, ctx.seed() * 31 + 1009L * r));
                rows = part.rows();
                // repeat 1 trains with the job's own seed, so that the full share is the job's own model
                JobContext.Fitted fitted = ctx.fit(ctx.spec(), evaluator, part, prep.validation(),
                        ctx.seed() + 104_729L * (r - 1), SubRun.curve(fraction, rows, r, repeats, index++, ctx.subRuns()),
                        Map.of("train", part));
                trainMetrics.add(evaluator.metrics(fitted.outputs().get("train"), part));
                validationMetrics.add(fitted.validation());
            }
            points.add(new LearningCurve.Point(fraction, rows, Statistics.mean(trainMetrics),
                    Statistics.mean(validationMetrics), Statistics.std(trainMetrics), Statistics.std(validationMetrics)));
        }
        return read(points, repeats, ctx.data().isClassification() ? "accuracy" : "r2");
    }

    /** A stratified share of {@code rows} (each class in the same proportion), never fewer than two rows. */
    static int[] share(int rows, int[] labels, double fraction, long seed) {
        int[] picked = Splitter.holdout(rows, labels, 0, 1 - fraction, seed).train();
        if (picked.length < Math.min(2, rows)) {
            picked = Arrays.copyOf(Splitter.permutation(IntStream.range(0, rows).toArray(),
                    new java.util.SplittableRandom(seed)), Math.min(2, rows));
        }
        Arrays.sort(picked);
        return picked;
    }

    /** The least-squares slope of the validation {@code metric} against log2 of the training rows. */
    static double slope(List<LearningCurve.Point> points, String metric) {
        double[] x = points.stream().mapToDouble(p -> Math.log(p.trainRows()) / Math.log(2)).toArray();
        double[] y = points.stream().mapToDouble(p -> p.validation().get(metric)).toArray();
        double mx = java.util.Arrays.stream(x).average().orElse(0);
        double my = java.util.Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /** The verdict of the curve's points on {@code metric} (higher is better). */
    static LearningCurve read(List<LearningCurve.Point> points, int repeats, String metric) {
        LearningCurve.Point last = points.get(points.size() - 1);
        double lastValidation = last.validation().get(metric);
        double gap = last.train().get(metric) - lastValidation;
        if (points.size() < 2) {
            return new LearningCurve(points, repeats, metric, LearningCurve.Verdict.NEITHER, String.format(Locale.ROOT,
                    "one share only (validation %s %.3f at %d rows): give several fractions to see a trend",
                    metric, lastValidation, last.trainRows()));
        }
        List<LearningCurve.Point> tail = points.subList(Math.max(0, points.size() - TREND_POINTS), points.size());
        double perDoubling = slope(tail, metric);
        String trend = String.format(Locale.ROOT, "validation %s at the last %d shares (%s rows): %s, a slope of "
                        + "%+.3f per doubling of the rows", metric, tail.size(),
                String.join(", ", tail.stream().map(p -> String.valueOf(p.trainRows())).toList()),
                String.join(", ", tail.stream().map(p -> String.format(Locale.ROOT, "%.3f", p.validation().get(metric)))
                        .toList()), Math.abs(perDoubling) < 5e-4 ? 0.0 : perDoubling); // no "-0.000"
        if (perDoubling >= STILL_RISING_PER_DOUBLING) {
            return new LearningCurve(points, repeats, metric, LearningCurve.Verdict.MORE_DATA,
                    trend + ": it is still rising, so more data would still help");
        }
        if (gap <= CURVES_MEET) {
            return new LearningCurve(points, repeats, metric, LearningCurve.Verdict.MORE_CAPACITY, trend
                    + String.format(Locale.ROOT, " and training %s %.3f has met it (gap %.3f): more data will not "
                    + "help; more capacity (wider or deeper layers, longer training) or better features may",
                    metric, last.train().get(metric), gap));
        }
        return new LearningCurve(points, repeats, metric, LearningCurve.Verdict.NEITHER, trend
                + String.format(Locale.ROOT, ", levelling off %.3f below training %s %.3f: more rows of the same kind "
                + "help little; regularization may close the gap", gap, metric, last.train().get(metric)));
    }
}
