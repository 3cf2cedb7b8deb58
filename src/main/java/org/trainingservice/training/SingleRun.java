package org.trainingservice.training;

import java.util.List;
import java.util.Map;

/** One model on the holdout split. */
final class SingleRun {

    private SingleRun() {
    }

    static TrainingOutcome run(JobContext ctx, Preparation prep) {
        Evaluator evaluator = ctx.evaluator(prep.preprocessing());
        JobContext.Fitted fitted = ctx.fit(ctx.spec(), evaluator, prep.train(), prep.validation(), ctx.seed(),
                SubRun.SINGLE.at(0, ctx.subRuns(), null), JobContext.allSplits(prep));
        Map<String, Map<String, Double>> metrics = ctx.splitMetrics(evaluator, fitted.outputs(), prep);
        TrainingResult result = ctx.result(metrics, fitted.fit());
        return new TrainingOutcome(result, ctx.model(prep.preprocessing(), TrainedModel.Combination.SINGLE,
                List.of(new TrainedModel.Member(fitted.parameters(), 1.0))));
    }
}
