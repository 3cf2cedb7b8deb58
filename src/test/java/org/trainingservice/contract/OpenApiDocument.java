package org.trainingservice.contract;

import static org.assertj.core.api.Assertions.assertThat;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.trainingservice.support.Api;

/** The served /v3/api-docs, read by swagger-parser (the parser behind openapi-generator), its messages kept. */
record OpenApiDocument(String json, OpenAPI model, List<String> messages) {

    static OpenApiDocument served(Api api) {
        Api.Response r = api.as(null).get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        try {
            // kept for a look when a check fails: target/openapi.json
            Files.writeString(Path.of("target", "openapi.json"), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, options);
        List<String> messages = parsed.getMessages() == null ? List.of() : parsed.getMessages();
        return new OpenApiDocument(r.body(), parsed.getOpenAPI(), messages);
    }
}
