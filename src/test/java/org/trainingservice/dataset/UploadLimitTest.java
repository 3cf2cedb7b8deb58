package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;

/** A context of its own with a tiny upload limit and no worker (so it never competes for the shared queue). */
@TestPropertySource(properties = {"spring.servlet.multipart.max-file-size=2KB", "spring.servlet.multipart.max-request-size=4KB",
        "training.worker.enabled=false"})
class UploadLimitTest extends IntegrationTest {

    @Test
    void uploadsAboveTheLimitGet413() {
        Api.Response r = api.postMultipart("/api/v1/datasets", Map.of("name", "big", "target", "y"),
                Map.of("file", "x,y\n1,0\n".repeat(1000).getBytes()));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("detail").asString()).contains("exceeds the limit");
    }
}
