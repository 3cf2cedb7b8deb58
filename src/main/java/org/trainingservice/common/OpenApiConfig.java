package org.trainingservice.common;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class OpenApiConfig {

    private static final String API_KEY = "apiKey";

    @Bean
    OpenAPI trainingServiceApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Training service")
                        .version("v1")
                        .description("""
                                Train neural networks as a service. Upload a dataset or pick a built-in generator, POST \
                                a job spec to /api/v1/jobs, then poll GET /api/v1/jobs/{id} or read its metric history \
                                and events. Jobs train with Deep Java Library on PyTorch, each in its own process; \
                                every state change, metric and result is stored in the database. Use a finished job \
                                with /predict or download its model. Every call needs an API key: press Authorize and \
                                paste it. Errors are RFC 9457 problem details. The job spec's fields (defaults, ranges) \
                                and the result's parts are described in docs/api.md of the service's repository, its \
                                modules and job state machine in docs/architecture.md."""))
                .components(new Components().addSecuritySchemes(API_KEY, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        // Swagger UI renders this as Markdown: in a code span <key> is text, not an HTML tag
                        .description("An API key, sent as `Authorization: Bearer <key>`")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY))
                // relative: the document is right on whichever host and port serves it (springdoc would write the
                // address of the request that first asked for it, often localhost)
                .servers(List.of(new Server().url("/").description("the service that serves this document")));
    }

    @Bean
    OpenApiErrorResponses openApiErrorResponses() {
        return new OpenApiErrorResponses();
    }
}
