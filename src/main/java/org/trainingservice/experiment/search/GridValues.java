package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The values the grid searcher tries (JSON type {@code grid}); the other searchers treat it like a {@link Choice}.
 */
public record GridValues(List<Object> values) implements ParameterSpace {
    public GridValues {
        values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    @Override
    public String typeName() {
        return "grid";
    }
}
