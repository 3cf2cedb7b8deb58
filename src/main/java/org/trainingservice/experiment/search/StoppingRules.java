package org.trainingservice.experiment.search;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When an experiment stops before its searcher runs out of trials (the {@code stopping} object; null: that rule is
 * off), and when it fails. The rules are checked in this order, the first that holds giving the reason:
 * <ol>
 *   <li>{@code targetValue}: a SUCCEEDED trial's objective reached it (at or below it when minimizing, at or above
 *       when maximizing). Pruned trials do not count: their value was measured after fewer epochs.</li>
 *   <li>{@code maxTrialsWithoutImprovement}: that many trials numbered after the best SUCCEEDED trial have ended
 *       SUCCEEDED (no better, ties included) or PRUNED. Failed and cancelled trials say nothing about the space and do
 *       not count; nothing counts before a first trial succeeds.</li>
 *   <li>{@code maxTrials}: that many trials have finished (succeeded, pruned, failed or cancelled).</li>
 *   <li>{@code maxDuration}: the experiment has run that long.</li>
 * </ol>
 */
public record StoppingRules(Integer maxTrials, Duration maxDuration, Double targetValue,
                            Integer maxTrialsWithoutImprovement) {

    /** An experiment fails only once at least this many trials have finished, so one early crash is not fatal. */
    public static final int MIN_FINISHED_FOR_FAILURE = 3;

    /** No rule at all: the experiment runs until its searcher completes. */
    public static StoppingRules none() {
        return new StoppingRules(null, null, null, null);
    }

    /** The first rule that holds, as a sentence for the status message; the objective is called "objective". */
    public Optional<String> reasonToStop(List<TrialView> trials, Duration elapsed, Direction direction) {
        return reasonToStop(trials, elapsed, direction, "objective");
    }

    /** The same, naming the objective's metric (e.g. {@code val_loss}) in the sentence. */
    public Optional<String> reasonToStop(List<TrialView> trials, Duration elapsed, Direction direction,
                                         String metric) {
        Optional<TrialView> best = best(trials, direction);
        if (targetValue != null && best.isPresent() && !direction.isBetter(targetValue, best.get().objective())) {
            return Optional.of("reached targetValue " + format(targetValue) + " with trial " + best.get().number()
                    + " (" + metric + " " + format(best.get().objective()) + ")");
        }
        if (maxTrialsWithoutImprovement != null && best.isPresent()) {
            long since = trials.stream().filter(t -> t.number() > best.get().number())
                    .filter(t -> t.phase() == TrialPhase.PRUNED || t.phase() == TrialPhase.SUCCEEDED)
                    .count();
            if (since >= maxTrialsWithoutImprovement) {
                return Optional.of(trials(since) + " without improvement since trial " + best.get().number()
                        + " (" + metric + " " + format(best.get().objective()) + ")");
            }
        }
        long finished = trials.stream().filter(t -> t.phase().isFinished()).count();
        if (maxTrials != null && finished >= maxTrials) {
            return Optional.of("maxTrials " + maxTrials + " reached (" + trials(finished) + " finished)");
        }
        if (maxDuration != null && elapsed != null && elapsed.compareTo(maxDuration) >= 0) {
            return Optional.of("maxDuration " + maxDuration + " reached");
        }
        return Optional.empty();
    }

    /**
     * Whether the experiment has failed: more than half of its finished trials (succeeded, pruned or failed; a
     * cancelled trial says nothing about the spec) failed, once at least {@link #MIN_FINISHED_FOR_FAILURE} finished.
     */
    public static boolean tooManyFailures(List<TrialView> trials) {
        return failureReason(trials).isPresent();
    }

    /** Why the experiment failed ("4 of 6 finished trials failed"), when {@link #tooManyFailures} holds. */
    public static Optional<String> failureReason(List<TrialView> trials) {
        long failed = trials.stream().filter(t -> t.phase() == TrialPhase.FAILED).count();
        long finished = failed + trials.stream()
                .filter(t -> t.phase() == TrialPhase.SUCCEEDED || t.phase() == TrialPhase.PRUNED).count();
        if (finished >= MIN_FINISHED_FOR_FAILURE && 2 * failed > finished) {
            return Optional.of(failed + " of " + finished + " finished trials failed");
        }
        return Optional.empty();
    }

    /** The best SUCCEEDED trial with an objective (ties: the lower number). */
    public static Optional<TrialView> best(List<TrialView> trials, Direction direction) {
        return trials.stream().filter(t -> t.phase() == TrialPhase.SUCCEEDED && t.hasObjective())
                .min(Comparator.comparingDouble((TrialView t) -> direction.loss(t.objective()))
                        .thenComparingInt(TrialView::number));
    }

    private static String trials(long count) {
        return count + (count == 1 ? " trial" : " trials");
    }

    /** At most 4 significant digits, no exponent, no trailing zeros: 0.093, 0.1, 1234, 0.0001235. */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
