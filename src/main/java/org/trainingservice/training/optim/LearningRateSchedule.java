package org.trainingservice.training.optim;

import org.trainingservice.training.spec.ScheduleSpec;

/** The learning rate of each epoch (0-based): linear warm-up, then step, exponential or cosine decay. */
public record LearningRateSchedule(ScheduleSpec spec, double baseRate, int totalEpochs) {

    public float rateAt(int epoch) {
        int warmup = spec.warmupEpochs();
        if (epoch < warmup) {
            return (float) (baseRate * (epoch + 1) / (warmup + 1));
        }
        int e = epoch - warmup;
        double rate = switch (spec.type()) {
            case NONE -> baseRate;
            case STEP -> baseRate * Math.pow(spec.gamma(), Math.floorDiv(e, spec.stepSize()));
            case EXPONENTIAL -> baseRate * Math.pow(spec.gamma(), e);
            case COSINE -> {
                int span = Math.max(1, totalEpochs - warmup - 1);
                double min = spec.minLearningRate();
                yield min + (baseRate - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(e, span) / span));
            }
        };
        return (float) rate;
    }
}
