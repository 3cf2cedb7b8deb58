package org.trainingservice.experiment.search;

/** A positive real number whose logarithm is drawn evenly, so that each decade of [min, max] is equally likely. */
public record LogUniform(double min, double max) implements ParameterSpace {
    @Override
    public String typeName() {
        return "loguniform";
    }
}
