package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Makes the searcher an experiment asks for, and says what in its space or settings would stop it. */
public final class Searchers {

    private Searchers() {
    }

    /**
     * The searcher for these settings (0s that mean "not given" take their defaults, see
     * {@link SearcherSettings#withDefaults()}).
     *
     * @throws IllegalArgumentException when {@link #problems} finds any (the grid budget is not one: maxTrials caps)
     */
    public static Searcher create(SearchSpace space, SearcherSettings settings, Direction direction) {
        return create(space, settings, direction, Map.of());
    }

    /** The same, proposing {@code firstTrial}'s values as trial 1 (see {@link FirstTrial}). */
    public static Searcher create(SearchSpace space, SearcherSettings settings, Direction direction,
                                  Map<String, Object> firstTrial) {
        List<SpaceProblem> problems = problems(space, settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot search: " + problems);
        }
        SearcherSettings s = settings.withDefaults();
        return FirstTrial.ahead(switch (s.type()) {
            case GRID -> new GridSearcher(space, s);
            case RANDOM -> new RandomSearcher(space, s);
            case ASHA -> new AshaSearcher(space, s, direction);
            case TPE -> new TpeSearcher(space, s, direction);
        }, firstTrial);
    }

    /** ASHA's rung epochs for these settings: min·η^k below the full length, then the full length. */
    public static List<Integer> rungs(SearcherSettings settings) {
        SearcherSettings s = settings.withDefaults();
        return AshaSearcher.rungs(s.minEpochs(), s.reductionFactor(), s.maxEpochs());
    }

    /**
     * Everything that stops the searcher from running: the space's own {@link SearchSpace#problems()}, a range in a
     * grid search, and settings out of bounds. Not the grid budget: see {@link #checkBudget}.
     */
    public static List<SpaceProblem> problems(SearchSpace space, SearcherSettings settings) {
        List<SpaceProblem> problems = new ArrayList<>(space.problems());
        SearcherSettings s = settings.withDefaults();
        if (s.type() == null) {
            problems.add(new SpaceProblem("searcher.type", "give a searcher type: grid, random, asha or tpe"));
            return problems;
        }
        if (s.type() == SearcherType.GRID) {
            for (Map.Entry<String, ParameterSpace> e : space.parameters().entrySet()) {
                if (e.getValue() != null && !(e.getValue() instanceof GridValues) && !(e.getValue() instanceof Choice)) {
                    problems.add(new SpaceProblem(SearchSpace.field(e.getKey()) + ".type", "the grid searcher "
                            + "tries listed values only, and " + e.getValue().typeName() + " is a range: use "
                            + "{\"type\": \"grid\", \"values\": [...]} (or choice), or the random, asha or tpe searcher"));
                }
            }
        }
        if (s.maxTrials() < 1) {
            problems.add(new SpaceProblem("searcher.maxTrials", "maxTrials is " + s.maxTrials()
                    + ": give at least 1"));
        }
        if (s.maxConcurrentTrials() < 1) {
            problems.add(new SpaceProblem("searcher.maxConcurrentTrials", "maxConcurrentTrials is "
                    + s.maxConcurrentTrials() + ": give at least 1"));
        }
        if (s.type() == SearcherType.ASHA) {
            ashaProblems(s, problems);
        }
        if (s.type() == SearcherType.TPE && s.startupTrials() < 0) {
            problems.add(new SpaceProblem("searcher.startupTrials", "startupTrials is " + s.startupTrials()
                    + ": give 1 or more random trials before the model takes over (default 10)"));
        }
        return problems;
    }

    private static void ashaProblems(SearcherSettings s, List<SpaceProblem> problems) {
        if (s.reductionFactor() < 2) {
            problems.add(new SpaceProblem("searcher.reductionFactor", "reductionFactor is " + s.reductionFactor()
                    + ": give 2 or more (each rung keeps the top 1/reductionFactor; 3 is usual)"));
        }
        if (s.minEpochs() < 1) {
            problems.add(new SpaceProblem("searcher.minEpochs", "minEpochs is " + s.minEpochs()
                    + ": give 1 or more epochs for the first rung"));
        }
        if (s.maxEpochs() < 1) {
            problems.add(new SpaceProblem("baseSpec.training.epochs", "asha needs the trials' epochs (the top rung) "
                    + "but it is " + s.maxEpochs() + ": set baseSpec.training.epochs to 1 or more"));
        } else if (s.minEpochs() > s.maxEpochs()) {
            problems.add(new SpaceProblem("searcher.minEpochs", "minEpochs " + s.minEpochs() + " is above the "
                    + "trials' epochs " + s.maxEpochs() + ": lower minEpochs or raise baseSpec.training.epochs"));
        }
    }

    /**
     * For a grid search, whether {@code maxTrials} leaves combinations out: "grid has N combinations but
     * searcher.maxTrials is M: raise maxTrials to N or remove values". Empty for the other searchers.
     */
    public static Optional<SpaceProblem> checkBudget(SearchSpace space, SearcherSettings settings) {
        long combinations = space.gridSize();
        if (settings.type() != SearcherType.GRID || combinations <= settings.maxTrials()) {
            return Optional.empty();
        }
        if (combinations > Integer.MAX_VALUE) {
            String n = combinations == Long.MAX_VALUE ? "at least " + Long.MAX_VALUE : Long.toString(combinations);
            return Optional.of(new SpaceProblem("searcher.maxTrials", "grid has " + n + " combinations, more than "
                    + "searcher.maxTrials can be (" + Integer.MAX_VALUE + "): remove values"));
        }
        return Optional.of(new SpaceProblem("searcher.maxTrials", "grid has " + combinations + " combinations but "
                + "searcher.maxTrials is " + settings.maxTrials() + ": raise maxTrials to " + combinations
                + " or remove values"));
    }
}
