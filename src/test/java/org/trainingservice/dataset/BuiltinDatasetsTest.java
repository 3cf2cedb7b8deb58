package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BuiltinDatasetsTest {

    private final BuiltinDatasets datasets = new BuiltinDatasets();

    @Test
    void circlesPutClassOneOnTheInnerCircleOfHalfTheRadius() {
        DatasetMatrix m = datasets.generate("circles", 400, 0.0, null, 3);
        assertThat(m.rows()).isEqualTo(400);
        assertThat(m.cols()).isEqualTo(2);
        assertThat(m.classNames()).containsExactly("0", "1");
        double[] angleSum = new double[2];
        for (int i = 0; i < m.rows(); i++) {
            double radius = Math.hypot(m.features()[2 * i], m.features()[2 * i + 1]);
            assertThat(m.targets()[i]).isEqualTo(i % 2);
            assertThat(radius).isCloseTo(i % 2 == 0 ? 1.0 : 0.5, within(1e-6));
            angleSum[i % 2] += Math.atan2(m.features()[2 * i + 1], m.features()[2 * i]);
        }
        // angles spread all the way round: their mean is near 0, not clustered on one side
        assertThat(angleSum[0] / 200).isCloseTo(0, within(0.4));
        assertThat(angleSum[1] / 200).isCloseTo(0, within(0.4));
        // noise blurs the radius by about its standard deviation
        DatasetMatrix noisy = datasets.generate("circles", 2000, 0.1, null, 3);
        double squares = 0;
        for (int i = 0; i < noisy.rows(); i += 2) {
            squares += Math.pow(Math.hypot(noisy.features()[2 * i], noisy.features()[2 * i + 1]) - 1, 2);
        }
        assertThat(Math.sqrt(squares / 1000)).isCloseTo(0.1, within(0.02));
        assertThat(noisy.noiseVariance()).isNaN();
    }

    @Test
    void circlesAreAPureFunctionOfTheSeed() {
        assertThat(datasets.generate("circles", 50, 0.1, null, 8).features())
                .containsExactly(datasets.generate("circles", 50, 0.1, null, 8).features());
        assertThat(datasets.generate("circles", 50, 0.1, null, 9).features())
                .isNotEqualTo(datasets.generate("circles", 50, 0.1, null, 8).features());
    }
}
