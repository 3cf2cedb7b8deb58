package org.trainingservice.experiment.search;

/** A real number drawn evenly from [min, max]. */
public record Uniform(double min, double max) implements ParameterSpace {
    @Override
    public String typeName() {
        return "uniform";
    }
}
