package org.trainingservice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.trainingservice.scheduler.MklKernelChoice;
import org.trainingservice.scheduler.TrainingProcessLauncher;
import org.trainingservice.training.Processor;

/** A {@link BenchWorker} JVM, asked one measurement at a time; its other output goes to a log file. */
final class BenchProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter commands;
    private final Writer log;

    private BenchProcess(Process process, Writer log) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.log = log;
    }

    /**
     * Starts a worker for {@code engine}: with {@code asTrainingProcess}, with the JVM flags and native settings
     * (allocator, MKL kernel choice) the service gives its training processes; otherwise as a plain {@code java}
     * command (offline flags only, which every JVM loading DJL here needs).
     */
    static BenchProcess start(String engine, Path out, boolean asTrainingProcess) throws IOException {
        return start(engine, out, asTrainingProcess, "3g", "");
    }

    /**
     * A fresh worker with a training process's default heap that skips the warm-up, for measuring a training
     * process's memory from its first epoch on.
     */
    static BenchProcess startAsFreshTrainingProcess(Path out) throws IOException {
        return start("ours", out, true, "1g", "fresh");
    }

    private static BenchProcess start(String engine, Path out, boolean asTrainingProcess, String heap, String mode)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + heap);
        String cache = System.getProperty("DJL_CACHE_DIR", "target/djl-cache");
        if (asTrainingProcess) {
            command.addAll(TrainingProcessLauncher.jvmFlags());
        } else {
            command.addAll(List.of("-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"));
        }
        command.add("-DDJL_CACHE_DIR=" + cache);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(), engine));
        if (!mode.isEmpty()) {
            command.add(mode);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("OPT_OUT_TRACKING", "true");
        env.put("DJL_CACHE_DIR", cache);
        env.remove("GLIBC_TUNABLES");
        if (asTrainingProcess) {
            TrainingProcessLauncher.addNativeSettings(env,
                    MklKernelChoice.preloadLibrary(Processor.ofThisMachine(), out.resolve("native")));
        }
        Path logFile = out.resolve("worker-" + engine + (asTrainingProcess ? "-as-training-process" : "")
                + (mode.isEmpty() ? "" : "-" + mode) + ".log");
        builder.redirectError(logFile.toFile());
        BenchProcess worker = new BenchProcess(builder.start(), Files.newBufferedWriter(logFile.resolveSibling(
                logFile.getFileName() + ".out")));
        worker.awaitLine("ready");
        return worker;
    }

    /** Sends one command and returns the number the worker answers. */
    double ask(String command) throws IOException {
        return Double.parseDouble(askAll(command)[0]);
    }

    /** Sends one command and returns the words of the worker's answer. */
    String[] askAll(String command) throws IOException {
        commands.println(command);
        return awaitLine("result ").substring("result ".length()).split(" ");
    }

    private String awaitLine(String prefix) throws IOException {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            log.write(line + System.lineSeparator());
        }
        throw new IOException("benchmark worker ended without answering; see its log under target/bench");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        commands.println("quit");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        log.close();
    }
}
