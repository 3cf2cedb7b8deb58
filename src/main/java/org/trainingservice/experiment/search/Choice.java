package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One of a fixed set of values, each JSON-like (Number, String, Boolean, List, Map, or null); random searchers pick
 * each with the same probability, the grid searcher tries them all.
 */
public record Choice(List<Object> values) implements ParameterSpace {
    public Choice {
        // not List.copyOf: a JSON null is a legitimate value ("earlyStopping": null)
        values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    @Override
    public String typeName() {
        return "choice";
    }
}
