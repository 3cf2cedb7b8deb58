package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JobStatusTest {

    @Test
    void onlySucceededFailedAndCancelledAreFinal() {
        assertThat(Arrays.stream(JobStatus.values()).filter(JobStatus::isFinal))
                .containsExactlyInAnyOrder(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);
        assertThat(Arrays.stream(JobStatus.values()).filter(s -> !s.isFinal()))
                .containsExactlyInAnyOrder(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLING);
    }
}
