package org.trainingservice.training.child;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.trainingservice.training.Checkpoint;
import org.trainingservice.training.DataTable;
import org.trainingservice.training.DataTableIo;
import org.trainingservice.training.StopReason;
import org.trainingservice.training.TrainingCancelledException;
import org.trainingservice.training.TrainingDivergedException;
import org.trainingservice.training.TrainingEngine;
import org.trainingservice.training.TrainingObserver;
import org.trainingservice.training.TrainingOutcome;
import org.trainingservice.training.TrainingSuspendedException;
import org.trainingservice.training.spec.JobSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The main class of a training process. Reads a job attempt's spec, data and (when resuming) checkpoint from its
 * folder, reports on standard output (lines starting with {@link ChildEvent#PREFIX}; checkpoints go to files in the
 * folder), and takes {@link ChildCommand}s on standard input. When standard input closes, the worker is gone, and the
 * job stops as if cancelled. Started with a folder (a cold process), it trains that one job and exits.
 *
 * <p>Started with {@value #WARM} instead, it is a warm process: it gets ready ({@link EngineWarmup}), reports
 * {@link ChildEvent.Ready} and waits for a job, whose folder arrives as a line on standard input. After a job that
 * finished or paused it reports ready again: its worker may hand it the same experiment's next trial (nothing of a job
 * outlives it in the process: every job sets its own seeds, and its arrays are closed with it), or close its input, and
 * then it exits. After any other end it exits at once.
 */
public final class TrainingChild {

    /** The argument that starts a warm process. */
    public static final String WARM = "--warm";

    /** {@link #runJob}'s answer for a job that finished or paused: a warm process may take another. */
    private static final int REUSABLE = -1;

    private TrainingChild() {
    }

    public static void main(String[] args) throws Exception {
        // Before any DJL class loads: never download anything, never phone home.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err); // logging must not interleave with protocol lines
        JsonMapper json = JsonMapper.builder().build();
        // one reader for the whole input: a warm process's job lines and the commands after each share its buffer
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!args[0].equals(WARM)) {
            JobInput.Controls controls = new JobInput.Controls();
            new JobInput(reader).start(controls);
            int exit = runJob(new ChildFiles(Path.of(args[0])), controls, true, protocol, json);
            protocol.flush();
            // halt, not exit: native threads of the engine must not keep a finished job's process alive
            Runtime.getRuntime().halt(exit == REUSABLE ? 0 : exit);
        }
        try {
            EngineWarmup.loadEngine();
            EngineWarmup.trainTinyJob(json);
        } catch (Throwable e) {
            e.printStackTrace();
            emit(protocol, json, new ChildEvent.Failed("error", describe(e)));
            Runtime.getRuntime().halt(1);
        }
        JobInput input = new JobInput(reader).start(null);
        while (true) {
            emit(protocol, json, new ChildEvent.Ready());
            JobInput.Job job = input.nextJob();
            if (job == null) {
                Runtime.getRuntime().halt(0); // the worker is gone or lets this process go: no (further) job came
            }
            int exit = runJob(new ChildFiles(Path.of(job.folder())), job.controls(), false, protocol, json);
            input.jobEnded();
            if (exit != REUSABLE) {
                protocol.flush();
                Runtime.getRuntime().halt(exit);
            }
            // finished or paused: the worker may hand this process the same experiment's next trial, or let it go
        }
    }

    /**
     * Trains the job in {@code files} and reports its events.
     *
     * @return {@link #REUSABLE} when it finished or paused, else the exit code the process ends with
     */
    private static int runJob(ChildFiles files, JobInput.Controls controls, boolean loadEngine, PrintStream protocol,
                              JsonMapper json) {
        try {
            if (loadEngine) {
                EngineWarmup.loadEngine();
            }
            JobSpec spec = json.readValue(Files.readString(files.spec()), JobSpec.class);
            DataTable data = DataTableIo.read(files.data());
            Checkpoint resume = Files.exists(files.resume()) ? Checkpoint.decode(Files.readAllBytes(files.resume())) : null;
            Integer pauseAt = Files.exists(files.pauseAt()) ? Integer.valueOf(Files.readString(files.pauseAt()).trim()) : null;
            TrainingObserver observer = new ChildObserver(files, controls, pauseAt, event -> emit(protocol, json, event));
            emit(protocol, json, new ChildEvent.Started(spec.training().device()));
            TrainingOutcome outcome = new TrainingEngine().run(spec, data, observer, resume);
            Path partial = files.model().resolveSibling("model.json.partial");
            Files.writeString(partial, json.writeValueAsString(outcome.model()));
            Files.move(partial, files.model());
            emit(protocol, json, outcome.result().stopReason() == StopReason.PAUSED
                    ? new ChildEvent.Paused(outcome.result()) : new ChildEvent.Finished(outcome.result()));
            return REUSABLE;
        } catch (TrainingCancelledException e) {
            emit(protocol, json, new ChildEvent.Cancelled());
            return 0;
        } catch (TrainingSuspendedException e) {
            emit(protocol, json, new ChildEvent.Suspended());
            return 0;
        } catch (TrainingDivergedException e) {
            emit(protocol, json, new ChildEvent.Failed("diverged", e.getMessage()));
            return 2;
        } catch (Throwable e) {
            e.printStackTrace();
            emit(protocol, json, new ChildEvent.Failed("error", describe(e)));
            return 1;
        }
    }

    private static synchronized void emit(PrintStream protocol, JsonMapper json, ChildEvent event) {
        protocol.println(ChildEvent.PREFIX + json.writeValueAsString(event));
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return e == root ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
