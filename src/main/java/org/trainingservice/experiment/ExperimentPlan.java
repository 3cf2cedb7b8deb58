package org.trainingservice.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.trainingservice.common.FieldProblem;
import org.trainingservice.experiment.search.Direction;
import org.trainingservice.experiment.search.SearchSpace;
import org.trainingservice.experiment.search.Searcher;
import org.trainingservice.experiment.search.SearcherSettings;
import org.trainingservice.experiment.search.SearcherType;
import org.trainingservice.experiment.search.Searchers;
import org.trainingservice.experiment.search.StoppingRules;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an experiment's stored spec (every default filled in, the space concrete) means to its advancer: the space,
 * the searcher's settings, the objective and the stopping rules. Rebuilt from the row on every turn, so that any node
 * can take the next turn.
 */
record ExperimentPlan(ExperimentSpec spec, SearchSpace space, SearcherSettings settings, Direction direction,
                      StoppingRules stopping, ObjectNode baseSpec) {

    /** The objective's metric without its split, as in a result's {@code metrics.validation}. */
    String objectiveMetric() {
        return spec.objective().metric().substring("val_".length());
    }

    Searcher searcher() {
        Map<String, Object> first = spec.searcher().firstTrial();
        return Searchers.create(space, settings, direction, first == null ? Map.of() : first);
    }

    static SearcherSettings settings(ExperimentSpec.Searcher s, int maxEpochs) {
        return new SearcherSettings(SearcherType.valueOf(s.type().name()), s.maxTrials(), s.maxConcurrentTrials(),
                s.seed(), s.minEpochs(), s.reductionFactor(), s.startupTrials(), maxEpochs);
    }

    static ExperimentPlan of(ExperimentSpec spec, JsonMapper json) {
        List<FieldProblem> problems = new ArrayList<>();
        SearchSpace space = SearchSpaceReader.read(spec.searchSpace(), json, problems);
        if (space == null) {
            throw new IllegalStateException("stored search space is invalid: " + problems);
        }
        ExperimentSpec.Searcher s = spec.searcher();
        SearcherSettings settings = settings(s, spec.baseSpec().training().epochs());
        Direction direction = spec.objective().mode() == ExperimentSpec.Mode.MAX ? Direction.MAXIMIZE : Direction.MINIMIZE;
        ExperimentSpec.Stopping stop = spec.stopping();
        StoppingRules rules = new StoppingRules(s.maxTrials(), stop.maxDuration(), stop.targetValue(),
                stop.maxTrialsWithoutImprovement());
        return new ExperimentPlan(spec, space, settings, direction, rules, json.valueToTree(spec.baseSpec()));
    }
}
