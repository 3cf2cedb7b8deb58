package org.trainingservice.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.trainingservice.common.FieldProblem;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.common.LimitsProperties;
import org.trainingservice.experiment.search.AutoSearchSpace;
import org.trainingservice.experiment.search.Choice;
import org.trainingservice.experiment.search.FirstTrial;
import org.trainingservice.experiment.search.GridValues;
import org.trainingservice.experiment.search.IntRange;
import org.trainingservice.experiment.search.LogUniform;
import org.trainingservice.experiment.search.ParameterSpace;
import org.trainingservice.experiment.search.SearchSpace;
import org.trainingservice.experiment.search.SearcherSettings;
import org.trainingservice.experiment.search.Searchers;
import org.trainingservice.experiment.search.SpecPaths;
import org.trainingservice.experiment.search.Uniform;
import org.trainingservice.job.JobService;
import org.trainingservice.job.TrialJobs;
import org.trainingservice.training.spec.EnsembleMethod;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.ValidationStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a submitted experiment and fills in its defaults. Each hyperparameter is also tried on the base spec at its
 * extremes (and every choice), through the same checks as a submitted job, so that a space that would propose an
 * invalid trial is refused now, naming the parameter, rather than failing trials later.
 */
@Component
class ExperimentSubmission {

    static final Set<String> OBJECTIVES = Set.of("val_loss", "val_accuracy", "val_rmse", "val_mae", "val_r2");

    private final TrialJobs trials;
    private final LimitsProperties limits;
    private final JsonMapper json;

    ExperimentSubmission(TrialJobs trials, LimitsProperties limits, JsonMapper json) {
        this.trials = trials;
        this.limits = limits;
        this.json = json;
    }

    /** The experiment with every default filled in and a concrete search space. */
    ExperimentSpec normalize(ExperimentSpec submitted, String tenant) {
        if (submitted == null || submitted.baseSpec() == null) {
            throw new InvalidRequestException("baseSpec", "is required: the job each trial starts from, e.g. "
                    + "{\"dataset\": {\"builtin\": \"moons\"}, \"training\": {\"epochs\": 27}}");
        }
        JobService.Checked base = checkBase(submitted.baseSpec(), tenant);
        List<FieldProblem> problems = new ArrayList<>();
        SearchSpace space = space(submitted.searchSpace(), base, problems);
        Map<String, Object> autoFirst = isAuto(submitted.searchSpace()) && space != null
                ? FirstTrial.forAuto(space, writtenValues(submitted.baseSpec(), space)) : null;
        ExperimentSpec.Searcher searcher = searcher(submitted.searcher(), space, autoFirst, problems);
        ExperimentSpec.Objective objective = objective(submitted.objective(), base.spec(), problems);
        ExperimentSpec.Stopping stopping = submitted.stopping() == null ? new ExperimentSpec.Stopping(null, null, null)
                : submitted.stopping();
        if (stopping.maxTrialsWithoutImprovement() != null && stopping.maxTrialsWithoutImprovement() < 1) {
            problems.add(new FieldProblem("stopping.maxTrialsWithoutImprovement", "must be at least 1"));
        }
        if (stopping.maxDuration() != null && (stopping.maxDuration().isNegative() || stopping.maxDuration().isZero())) {
            problems.add(new FieldProblem("stopping.maxDuration", "must be a positive ISO-8601 duration, e.g. PT2H"));
        }
        if (searcher != null && searcher.type() == ExperimentSpec.SearcherKind.ASHA) {
            asha(searcher, base.spec(), problems);
        }
        if (space != null && problems.isEmpty()) {
            space.parameters().forEach((path, p) -> tryValues(path, p, base.spec(), tenant, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        String name = submitted.name() != null ? submitted.name() : base.spec().name() + "-search";
        return new ExperimentSpec(name, base.spec(), json.valueToTree(SearchSpaceReader.toJson(space)), searcher,
                objective, stopping);
    }

    private JobService.Checked checkBase(JobSpec baseSpec, String tenant) {
        try {
            return trials.check(baseSpec, tenant);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(e.problems().stream()
                    .map(p -> new FieldProblem("baseSpec." + p.field(), p.message())).toList());
        }
    }

    private SearchSpace space(JsonNode node, JobService.Checked base, List<FieldProblem> problems) {
        SearchSpace space;
        if (isAuto(node)) {
            var dataset = base.dataset();
            space = AutoSearchSpace.forDataset(dataset.rows(), dataset.inputs(),
                    dataset.task() == org.trainingservice.training.spec.Task.CLASSIFICATION, dataset.images());
        } else {
            space = SearchSpaceReader.read(node, json, problems);
        }
        if (space == null) {
            return null;
        }
        space.parameters().forEach((path, p) -> SpecPaths.check(path, p)
                .forEach(sp -> problems.add(new FieldProblem(sp.field(), sp.message()))));
        return space;
    }

    private static boolean isAuto(JsonNode searchSpace) {
        return searchSpace != null && searchSpace.isString() && searchSpace.asString().equals("auto");
    }

    /** The value the submitted base spec writes at each of the space's paths (those it writes, before defaults). */
    private Map<String, Object> writtenValues(JobSpec submitted, SearchSpace space) {
        JsonNode spec = json.valueToTree(submitted);
        Map<String, Object> values = new LinkedHashMap<>();
        for (String path : space.parameters().keySet()) {
            JsonNode node = spec.at("/" + path.replace('.', '/'));
            if (!node.isMissingNode() && !node.isNull()) {
                values.put(path, json.treeToValue(node, Object.class));
            }
        }
        return values;
    }

    /** {@code autoFirst}: trial 1 of an "auto" space ({@link FirstTrial#forAuto}), unless the searcher gives its own. */
    private ExperimentSpec.Searcher searcher(ExperimentSpec.Searcher s, SearchSpace space, Map<String, Object> autoFirst,
                                             List<FieldProblem> problems) {
        ExperimentSpec.Searcher given = s != null ? s
                : new ExperimentSpec.Searcher(null, null, null, null, null, null, null, null);
        ExperimentSpec.SearcherKind type = given.type() != null ? given.type() : ExperimentSpec.SearcherKind.RANDOM;
        long gridSize = space == null ? 1 : space.gridSize();
        int maxTrials = given.maxTrials() != null ? given.maxTrials()
                : type == ExperimentSpec.SearcherKind.GRID ? (int) Math.min(gridSize, limits.maxTrials()) : 20;
        int concurrent = given.maxConcurrentTrials() != null ? given.maxConcurrentTrials()
                : Math.min(4, limits.maxConcurrentTrials());
        ExperimentSpec.Searcher filled = new ExperimentSpec.Searcher(type, maxTrials, concurrent,
                given.seed() != null ? given.seed() : 42L, given.minEpochs() != null ? given.minEpochs() : 1,
                given.reductionFactor() != null ? given.reductionFactor() : 3,
                given.startupTrials() != null ? given.startupTrials() : 10,
                given.firstTrial() != null ? given.firstTrial() : type == ExperimentSpec.SearcherKind.GRID ? null : autoFirst);
        if (maxTrials < 1 || maxTrials > limits.maxTrials()) {
            problems.add(new FieldProblem("searcher.maxTrials", "must be between 1 and " + limits.maxTrials()
                    + " (training.limits.max-trials)"));
        }
        if (concurrent < 1 || concurrent > limits.maxConcurrentTrials()) {
            problems.add(new FieldProblem("searcher.maxConcurrentTrials", "must be between 1 and "
                    + limits.maxConcurrentTrials() + " (training.limits.max-concurrent-trials)"));
        }
        if (space != null && problems.isEmpty()) {
            SearcherSettings settings = ExperimentPlan.settings(filled, Integer.MAX_VALUE);
            Searchers.problems(space, settings).stream().filter(p -> !p.field().startsWith("searcher.minEpochs"))
                    .forEach(p -> problems.add(new FieldProblem(p.field(), p.message())));
            Searchers.checkBudget(space, settings).ifPresent(p -> problems.add(new FieldProblem(p.field(), p.message())));
            if (filled.firstTrial() != null) {
                FirstTrial.problems(space, filled.firstTrial(), settings.type())
                        .forEach(p -> problems.add(new FieldProblem(p.field(), p.message())));
            }
        }
        return filled;
    }

    private static void asha(ExperimentSpec.Searcher s, JobSpec base, List<FieldProblem> problems) {
        int epochs = base.training().epochs();
        if (s.minEpochs() < 1 || s.minEpochs() >= epochs) {
            problems.add(new FieldProblem("searcher.minEpochs", "must be between 1 and baseSpec.training.epochs - 1 ("
                    + (epochs - 1) + "): the first rung comes before the last epoch"));
        }
        if (base.validation().strategy() == ValidationStrategy.KFOLD || base.ensemble().method() != EnsembleMethod.NONE
                || (base.analysis() != null && base.analysis().biasVariance() != null)) {
            problems.add(new FieldProblem("baseSpec", "asha pauses one model at its rungs: use a holdout validation, "
                    + "no ensemble and no bias-variance analysis in the base spec (or use the random or tpe searcher)"));
        }
    }

    private static ExperimentSpec.Objective objective(ExperimentSpec.Objective o, JobSpec base, List<FieldProblem> problems) {
        boolean classification = base.task() == org.trainingservice.training.spec.Task.CLASSIFICATION;
        String metric = o != null && o.metric() != null ? o.metric() : "val_loss";
        if (!OBJECTIVES.contains(metric)) {
            problems.add(new FieldProblem("objective.metric", "must be a validation metric: val_loss, "
                    + (classification ? "val_accuracy" : "val_rmse, val_mae or val_r2")
                    + " (the test split is never used to choose)"));
        } else if (classification != (metric.equals("val_loss") || metric.equals("val_accuracy"))) {
            problems.add(new FieldProblem("objective.metric", "'" + metric + "' is not measured for a "
                    + base.task().name().toLowerCase() + " task; use " + (classification ? "val_loss or val_accuracy"
                    : "val_loss, val_rmse, val_mae or val_r2")));
        }
        ExperimentSpec.Mode mode = o != null && o.mode() != null ? o.mode()
                : metric.endsWith("accuracy") || metric.endsWith("r2") ? ExperimentSpec.Mode.MAX : ExperimentSpec.Mode.MIN;
        return new ExperimentSpec.Objective(metric, mode);
    }

    /** Each parameter at its extremes (every value of a list) on the base spec, checked like a submitted job. */
    private void tryValues(String path, ParameterSpace p, JobSpec base, String tenant, List<FieldProblem> problems) {
        Set<Object> values = new LinkedHashSet<>();
        if (p instanceof Choice c) {
            values.addAll(c.values());
        } else if (p instanceof GridValues g) {
            values.addAll(g.values());
        } else if (p instanceof Uniform u) {
            values.addAll(List.of(u.min(), u.max()));
        } else if (p instanceof LogUniform l) {
            values.addAll(List.of(l.min(), l.max()));
        } else if (p instanceof IntRange i) {
            values.addAll(List.of(i.min(), i.max()));
        }
        for (Object value : values) {
            try {
                JobSpec trial = json.treeToValue(SpecPaths.apply(json.valueToTree(base), Map.of(path, value), json),
                        JobSpec.class);
                trials.check(trial, tenant);
            } catch (InvalidRequestException e) {
                FieldProblem first = e.problems().get(0);
                problems.add(new FieldProblem(SearchSpaceReader.field(path), "with " + path + " = "
                        + json.writeValueAsString(value) + " the trial's spec is invalid: " + first.field() + " "
                        + first.message() + "; narrow the range"));
                return;
            } catch (RuntimeException e) {
                problems.add(new FieldProblem(SearchSpaceReader.field(path), "the value " + value
                        + " does not fit this field: " + e.getMessage()));
                return;
            }
        }
    }
}
