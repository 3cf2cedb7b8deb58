package org.trainingservice.contract;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import java.util.Map;
import java.util.TreeMap;

/** The document's operations keyed "METHOD /path", as a reader names them. */
final class ContractOperations {

    private ContractOperations() {
    }

    static Map<String, Operation> of(OpenAPI document) {
        Map<String, Operation> operations = new TreeMap<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, op) -> operations.put(method.name() + " " + path, op)));
        return operations;
    }
}
