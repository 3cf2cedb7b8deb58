package org.trainingservice.experiment.search;

/**
 * How one dotted job-spec path is searched: a set of values ({@link Choice}, {@link GridValues}) or a numeric range
 * ({@link Uniform}, {@link LogUniform}, {@link IntRange}). The JSON {@code type} names are {@code choice}, {@code grid},
 * {@code uniform}, {@code loguniform} and {@code int}.
 */
public sealed interface ParameterSpace permits Choice, Uniform, LogUniform, IntRange, GridValues {

    /** The JSON {@code type} of this variant, for messages. */
    String typeName();
}
