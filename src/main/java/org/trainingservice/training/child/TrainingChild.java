package org.trainingservice.training.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.trainingservice.training.Checkpoint;
import org.trainingservice.training.CheckpointInfo;
import org.trainingservice.training.DataTable;
import org.trainingservice.training.DataTableIo;
import org.trainingservice.training.EpochReport;
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
 * The main class of a training process: one job attempt, one JVM. Reads the spec, the data and (when resuming) a
 * checkpoint from the folder named by its argument, reports on standard output (lines starting with
 * {@link ChildEvent#PREFIX}; checkpoints go to files in the folder), and takes {@link ChildCommand}s on
 * standard input. When standard input closes, the worker is gone, and the process stops as if cancelled.
 *
 * <p>Started with {@value #WARM} instead of a folder, it is a warm process: it gets ready ({@link EngineWarmup}), reports
 * {@link ChildEvent.Ready} and waits for its one job, whose folder arrives as the first line on standard input; from
 * then on it runs exactly as a process started with that folder. If standard input closes first, it exits.
 */
public final class TrainingChild {

    /** The argument that starts a warm process. */
    public static final String WARM = "--warm";

    private TrainingChild() {
    }

    public static void main(String[] args) throws Exception {
        // Before any DJL class loads: never download anything, never phone home.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err); // logging must not interleave with protocol lines
        JsonMapper json = JsonMapper.builder().build();
        // one reader for the whole input: a warm process's job line and the commands after it share its buffer
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ChildFiles files;
        if (args[0].equals(WARM)) {
            try {
                EngineWarmup.loadEngine();
                EngineWarmup.trainTinyJob(json);
            } catch (Throwable e) {
                e.printStackTrace();
                emit(protocol, json, new ChildEvent.Failed("error", describe(e)));
                Runtime.getRuntime().halt(1);
            }
            emit(protocol, json, new ChildEvent.Ready());
            String folder = input.readLine();
            if (folder == null || folder.isBlank()) {
                Runtime.getRuntime().halt(0); // the worker is gone or stopped its warm processes: no job came
            }
            files = new ChildFiles(Path.of(folder.trim()));
        } else {
            files = new ChildFiles(Path.of(args[0]));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean suspend = new AtomicBoolean();
        Thread control = new Thread(() -> readControl(input, stop, suspend), "control");
        control.setDaemon(true);
        control.start();
        int exitCode = 0;
        try {
            if (!args[0].equals(WARM)) {
                EngineWarmup.loadEngine();
            }
            JobSpec spec = json.readValue(Files.readString(files.spec()), JobSpec.class);
            DataTable data = DataTableIo.read(files.data());
            Checkpoint resume = Files.exists(files.resume()) ? Checkpoint.decode(Files.readAllBytes(files.resume())) : null;
            Integer pauseAt = Files.exists(files.pauseAt()) ? Integer.valueOf(Files.readString(files.pauseAt()).trim()) : null;
            AtomicInteger written = new AtomicInteger();
            TrainingObserver observer = new TrainingObserver() {
                @Override
                public void onEpoch(EpochReport report) {
                    emit(protocol, json, new ChildEvent.Epoch(report));
                }

                @Override
                public boolean shouldStop() {
                    return stop.get();
                }

                @Override
                public boolean shouldSuspend() {
                    return suspend.get();
                }

                @Override
                public boolean pauseAfter(int epoch) {
                    return pauseAt != null && epoch == pauseAt;
                }

                @Override
                public void onCheckpoint(byte[] checkpoint, CheckpointInfo info) {
                    String name = "checkpoint-" + written.incrementAndGet() + ".bin";
                    try {
                        Path partial = files.folder().resolve(name + ".partial");
                        Files.write(partial, checkpoint);
                        Files.move(partial, files.folder().resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    emit(protocol, json, new ChildEvent.CheckpointWritten(name, info));
                }
            };
            emit(protocol, json, new ChildEvent.Started(spec.training().device()));
            TrainingOutcome outcome = new TrainingEngine().run(spec, data, observer, resume);
            Path partial = files.model().resolveSibling("model.json.partial");
            Files.writeString(partial, json.writeValueAsString(outcome.model()));
            Files.move(partial, files.model());
            emit(protocol, json, outcome.result().stopReason() == StopReason.PAUSED
                    ? new ChildEvent.Paused(outcome.result()) : new ChildEvent.Finished(outcome.result()));
        } catch (TrainingCancelledException e) {
            emit(protocol, json, new ChildEvent.Cancelled());
        } catch (TrainingSuspendedException e) {
            emit(protocol, json, new ChildEvent.Suspended());
        } catch (TrainingDivergedException e) {
            emit(protocol, json, new ChildEvent.Failed("diverged", e.getMessage()));
            exitCode = 2;
        } catch (Throwable e) {
            e.printStackTrace();
            emit(protocol, json, new ChildEvent.Failed("error", describe(e)));
            exitCode = 1;
        }
        protocol.flush();
        // halt, not exit: native threads of the engine must not keep a finished job's process alive
        Runtime.getRuntime().halt(exitCode);
    }

    private static void readControl(BufferedReader input, AtomicBoolean stop, AtomicBoolean suspend) {
        try (BufferedReader in = input) {
            String line;
            while ((line = in.readLine()) != null) {
                // unknown commands are ignored
                ChildCommand.parse(line).ifPresent(c -> (c == ChildCommand.CANCEL ? stop : suspend).set(true));
            }
        } catch (Exception ignored) {
            // a broken pipe means the same as end of input
        }
        stop.set(true);
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
