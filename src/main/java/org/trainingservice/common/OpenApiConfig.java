package org.trainingservice.common;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class OpenApiConfig {

    @Bean
    OpenAPI trainingServiceApi() {
        return new OpenAPI().info(new Info()
                .title("Training service")
                .version("v1")
                .description("""
                        Train neural networks as a service. Upload a dataset or pick a built-in generator, POST a job \
                        spec to /api/v1/jobs, then poll GET /api/v1/jobs/{id} or read its metric history. Jobs train \
                        with Deep Java Library on PyTorch, each in its own process; every state change, metric and \
                        result is stored in the database. Errors are RFC 9457 problem details."""));
    }
}
