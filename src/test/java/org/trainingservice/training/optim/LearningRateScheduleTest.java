package org.trainingservice.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.ScheduleSpec;
import org.trainingservice.training.spec.ScheduleType;

class LearningRateScheduleTest {

    private static LearningRateSchedule schedule(ScheduleType type, int warmup, double gamma, int stepSize) {
        return new LearningRateSchedule(new ScheduleSpec(type, warmup, stepSize, gamma, 0.0).withDefaults(), 0.1, 11);
    }

    @Test
    void warmupRisesLinearlyToTheBaseRate() {
        LearningRateSchedule s = schedule(ScheduleType.NONE, 3, 0.5, 10);
        assertThat(s.rateAt(0)).isCloseTo(0.025f, within(1e-7f));
        assertThat(s.rateAt(2)).isCloseTo(0.075f, within(1e-7f));
        assertThat(s.rateAt(3)).isCloseTo(0.1f, within(1e-7f));
    }

    @Test
    void stepExponentialAndCosineDecay() {
        assertThat(schedule(ScheduleType.STEP, 0, 0.5, 4).rateAt(8)).isCloseTo(0.025f, within(1e-7f));
        assertThat(schedule(ScheduleType.EXPONENTIAL, 0, 0.9, 1).rateAt(2)).isCloseTo(0.081f, within(1e-7f));
        LearningRateSchedule cosine = schedule(ScheduleType.COSINE, 0, 0.5, 1);
        assertThat(cosine.rateAt(0)).isCloseTo(0.1f, within(1e-7f));
        assertThat(cosine.rateAt(5)).isCloseTo(0.05f, within(1e-6f));
        assertThat(cosine.rateAt(10)).isCloseTo(0f, within(1e-7f));
    }
}
