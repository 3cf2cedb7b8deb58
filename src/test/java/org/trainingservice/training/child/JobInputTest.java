package org.trainingservice.training.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A kept process's standard input: job folders and commands on one stream, each command for the job it was meant for. */
class JobInputTest {

    @Test
    void aCommandReachesTheJobInTrainingAndOneBetweenTwoJobsReachesNeither() throws Exception {
        PipedWriter worker = new PipedWriter();
        JobInput input = new JobInput(new BufferedReader(new PipedReader(worker))).start(null);
        worker.write("cancel\n/jobs/a\n"); // a cancel for a job that ended before it arrived, then the next job
        worker.flush();
        JobInput.Job a = input.nextJob();
        assertThat(a.folder()).isEqualTo("/jobs/a");
        assertThat(a.controls().stop()).isFalse();

        worker.write("suspend\n");
        worker.flush();
        awaitSet(a.controls().suspend());
        assertThat(a.controls().stop()).isFalse();
        input.jobEnded();

        worker.write("cancel\n  /jobs/b  \n");
        worker.flush();
        JobInput.Job b = input.nextJob();
        assertThat(b.folder()).isEqualTo("/jobs/b");
        assertThat(b.controls().stop()).as("the cancel came between the jobs").isFalse();
        assertThat(a.controls().stop()).isFalse();

        worker.close(); // the worker is gone: the job in training stops, and no further job comes
        awaitSet(b.controls().stop());
        assertThat(input.nextJob()).isNull();
        assertThat(input.nextJob()).as("asked again").isNull();
    }

    @Test
    void aColdProcesssJobTakesCommandsFromTheStartAndStopsWhenTheInputEnds() throws Exception {
        PipedWriter worker = new PipedWriter();
        JobInput.Controls only = new JobInput.Controls();
        new JobInput(new BufferedReader(new PipedReader(worker))).start(only);
        worker.write("unknown\nCANCEL\n");
        worker.flush();
        awaitSet(only.stop());
        assertThat(only.suspend()).isFalse();
        worker.close();
    }

    @Test
    void aJobThatBeginsAfterTheInputEndedIsStoppedAtOnce() throws Exception {
        PipedWriter worker = new PipedWriter();
        JobInput input = new JobInput(new BufferedReader(new PipedReader(worker))).start(null);
        worker.write("/jobs/late\n");
        worker.close();
        // the folder came before the end, so it is handed out; the end of input stops that job
        JobInput.Job late = input.nextJob();
        awaitSet(late.controls().stop());
        assertThat(input.nextJob()).isNull();
    }

    private static void awaitSet(AtomicBoolean flag) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!flag.get()) {
            assertThat(Instant.now()).as("the flag was set").isBefore(deadline);
            Thread.sleep(5);
        }
    }
}
