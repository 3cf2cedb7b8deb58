package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.job.JobStateStore;
import org.trainingservice.job.JobStatus;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;

/**
 * {@code training.limits.max-running-per-tenant}: a claim skips the queued jobs of a tenant that already runs that
 * many, however urgent, and takes the next tenant's; once one of the tenant's jobs ends, its next job is claimed.
 */
class TenantRunningLimitTest extends IntegrationTest {

    private static final String NODE = "tenant-limit-node";

    @Autowired
    private Worker worker;

    @Autowired
    private JobStateStore states;

    @Test
    void aTenantAtItsRunningLimitWaitsWhileAnotherTenantsJobIsClaimed() {
        Api busy = api.as(key("busy-co"));
        Api other = api.as(key("other-co"));
        worker.stop(); // only the claims below take jobs
        try {
            String first = submit(busy, 1000);
            String second = submit(busy, 1000);
            String theirs = submit(other, 999);

            assertThat(claim()).isEqualTo(first);
            assertThat(claim()).as("busy-co runs 1, its limit; the next tenant's job goes first").isEqualTo(theirs);
            assertThat(busy.get("/api/v1/jobs/" + second).json().get("status").asString()).isEqualTo("QUEUED");

            end(busy, first);
            assertThat(claim()).as("busy-co is below its limit again").isEqualTo(second);
            end(busy, second);
            end(other, theirs);
        } finally {
            worker.start();
        }
    }

    private String claim() {
        Optional<ClaimedJob> claimed = states.claimNext(NODE, Instant.now().plusSeconds(30), 1, List.of("cpu", "auto"),
                id -> null);
        assertThat(claimed).isPresent();
        return claimed.get().id().toString();
    }

    private void end(Api tenant, String id) {
        assertThat(tenant.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
        assertThat(states.finish(UUID.fromString(id), NODE, JobStatus.CANCELLED, "test over", null)).isTrue();
    }

    private static String submit(Api tenant, int priority) {
        Api.Response r = tenant.post("/api/v1/jobs", """
                {"dataset": {"builtin": "moons", "samples": 100}, "model": {"hidden": [4]}, "priority": %d,
                 "training": {"epochs": 1}}""".formatted(priority));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private String key(String tenant) {
        Api.Response r = api.post("/api/v1/admin/api-keys", "{\"tenant\": \"" + tenant + "\", \"role\": \"user\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("key").asString();
    }
}
