package org.trainingservice.experiment;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The search space's schema for the OpenAPI document only: it is read as a JSON tree (an object of parameters, or
 * the string "auto"), whose Java type a schema generator would show as Jackson's node accessors.
 */
@Schema(name = "SearchSpace", types = {"object", "string"}, description = """
        An object whose keys are dotted job-spec paths and whose values are parameters ({"type": "loguniform", \
        "min": 0.0001, "max": 0.1}, "uniform", "int", "choice" or "grid"), or the string "auto".""")
final class SearchSpaceSchema {

    private SearchSpaceSchema() {
    }
}
