package org.trainingservice.experiment.search;

/** An integer in [min, max], both included; with {@code log} its logarithm is drawn evenly (min must be at least 1). */
public record IntRange(int min, int max, boolean log) implements ParameterSpace {
    @Override
    public String typeName() {
        return "int";
    }
}
