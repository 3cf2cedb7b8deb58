package org.trainingservice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainingservice.common.ConflictException;

class PredictionMeanTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    private static PredictionResponse classified(List<List<Double>> probabilities) {
        List<Object> labels = probabilities.stream().map(p -> (Object) CLASSES.get(p.indexOf(p.stream()
                .max(Double::compare).orElseThrow()))).toList();
        return new PredictionResponse(labels, probabilities, CLASSES, null);
    }

    @Test
    void theMeanOfProbabilitiesPicksTheClassWithTheHighestMeanNotTheMostVotes() {
        // two models lean to "a" a little, one is sure of "b": votes say "a", the mean says "b"
        PredictionResponse mean = PredictionMean.of(List.of(classified(List.of(List.of(0.5, 0.4, 0.1))),
                classified(List.of(List.of(0.5, 0.4, 0.1))), classified(List.of(List.of(0.0, 1.0, 0.0)))));
        assertThat(mean.predictions()).containsExactly("b");
        assertThat(mean.probabilities().get(0).get(0)).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(mean.probabilities().get(0).get(1)).isCloseTo(0.6, within(1e-15));
        assertThat(mean.probabilities().get(0).get(2)).isCloseTo(0.2 / 3, within(1e-15));
        assertThat(mean.classes()).isEqualTo(CLASSES);
    }

    @Test
    void rowsAreAveragedOneByOneAndTiesGoToTheFirstClass() {
        PredictionResponse mean = PredictionMean.of(List.of(
                classified(List.of(List.of(0.2, 0.2, 0.6), List.of(0.6, 0.3, 0.1))),
                classified(List.of(List.of(0.4, 0.4, 0.2), List.of(0.2, 0.7, 0.1)))));
        assertThat(mean.probabilities()).hasSize(2);
        assertThat(mean.predictions()).containsExactly("c", "b");
        PredictionResponse tie = PredictionMean.of(List.of(classified(List.of(List.of(0.25, 0.5, 0.25))),
                classified(List.of(List.of(0.5, 0.25, 0.25)))));
        assertThat(tie.predictions()).containsExactly("a");
    }

    @Test
    void regressionAveragesThePredictionsAndKeepsTheFirstAnswersWarnings() {
        List<PredictionWarning> warnings = List.of(new PredictionWarning(0, "x", PredictionWarning.Kind.IMPUTED, "m"));
        PredictionResponse mean = PredictionMean.of(List.of(new PredictionResponse(List.of(1.0, -2.0), null, null, warnings),
                new PredictionResponse(List.of(4.0, 2.0), null, null, null)));
        assertThat(mean.predictions()).containsExactly(2.5, 0.0);
        assertThat(mean.probabilities()).isNull();
        assertThat(mean.classes()).isNull();
        assertThat(mean.warnings()).isEqualTo(warnings);
    }

    @Test
    void oneAnswerIsReturnedAsItIsAndModelsOfDifferentClassesAreRefused() {
        PredictionResponse only = classified(List.of(List.of(0.1, 0.2, 0.7)));
        assertThat(PredictionMean.of(List.of(only))).isSameAs(only);
        PredictionResponse other = new PredictionResponse(List.of("x"), List.of(List.of(1.0)), List.of("x"), null);
        assertThatThrownBy(() -> PredictionMean.of(List.of(only, other))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("different classes");
    }
}
