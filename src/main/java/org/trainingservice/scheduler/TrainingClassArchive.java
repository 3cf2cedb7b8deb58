package org.trainingservice.scheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data-sharing archive (Java's AppCDS) of the library classes a training process loads: a process maps them
 * ready-parsed instead of reading and verifying them from the jars. A warm process on this project's 2-core machine
 * got ready in 0.87 s and 1.25 CPU seconds with it, against 1.12 s and 1.71 without; that is less of a core taken from
 * a job training beside it, and a shorter cold start.
 *
 * <p>It is made once per Java runtime and training class path, under the DJL cache folder: the first process a node
 * starts without one records the classes it loads, and when that process has exited Java's own dump builds the
 * archive from the record, at the lowest priority, into a temporary file that is then moved in place (so a process
 * never maps a half-written one). Processes started before it exists run without it. The JVM checks an archive
 * against its class path and runtime and ignores one that does not match; it never fails to start over it. The
 * archive holds jars only (Java's rule), so a training class path lists its jars first and the project's folders
 * after them ({@link TrainingClassPath}).
 */
final class TrainingClassArchive {

    private static final Logger log = LoggerFactory.getLogger(TrainingClassArchive.class);
    /** A dump of a few thousand classes takes about 2 s; a stuck one must not be waited on forever. */
    private static final long DUMP_LIMIT_SECONDS = 120;
    /** Marks a process as the archive's dump rather than a training process. */
    static final String DUMP_FLAG = "-Xshare:dump";
    private static final String RECORD = "-XX:DumpLoadedClassList=";

    private final Path folder;
    private boolean recording;
    private volatile Process dump;

    TrainingClassArchive(Path folder) {
        this.folder = folder;
    }

    /**
     * The JVM options of a training process about to start on a class path whose jars are {@code jars}: the
     * archive where it exists; else, for the first such process of this node, the option that records the classes it
     * loads (then {@link #started} must be told of it); else none.
     */
    synchronized List<String> optionsFor(List<String> jars) {
        if (jars.isEmpty()) {
            return List.of();
        }
        Path archive = archiveFor(jars);
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        if (recording) {
            return List.of();
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            log.warn("Could not create {}; training processes start without a class archive", folder, e);
            return List.of();
        }
        recording = true;
        // a name of its own: two nodes, or two services in one JVM (the tests), may record at once
        return List.of(RECORD + folder.resolve(keyOf(jars) + "." + UUID.randomUUID() + ".classes"));
    }

    /**
     * A process started with the command {@code options}, which holds what {@link #optionsFor} gave: where that
     * records its classes, the archive is built from the record once the process has exited; {@code dumpCommand} starts a JVM as a training process does (its
     * executable and flags, the niceness left to this class) and is completed here.
     */
    void started(Process process, List<String> options, List<String> jars, List<String> dumpCommand) {
        options.stream().filter(o -> o.startsWith(RECORD)).findFirst()
                .map(o -> Path.of(o.substring(RECORD.length())))
                .ifPresent(list -> process.onExit().thenRun(() -> build(list, jars, dumpCommand)));
    }

    /** Stops a dump under way (a stopping node leaves no JVM of its own behind). */
    void stop() {
        Process running = dump;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private void build(Path list, List<String> jars, List<String> dumpCommand) {
        Path archive = archiveFor(jars);
        Path partial = archive.resolveSibling(list.getFileName() + ".jsa.partial");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
            command.addAll(List.of("/usr/bin/nice", "-n", "19"));
        }
        command.addAll(dumpCommand);
        command.addAll(List.of(DUMP_FLAG, "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + partial,
                "-cp", String.join(java.io.File.pathSeparator, jars)));
        try {
            Process started = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            dump = started;
            boolean done = started.waitFor(DUMP_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (done && started.exitValue() == 0 && Files.isRegularFile(partial)) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                log.info("Training processes now start with the class archive {}", archive);
            } else {
                started.destroyForcibly();
                log.warn("Could not build the training processes' class archive (the dump {}); they start without it",
                        done ? "exited " + started.exitValue() : "took over " + DUMP_LIMIT_SECONDS + " s");
            }
        } catch (IOException e) {
            log.warn("Could not build the training processes' class archive; they start without it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dump = null;
            deleteQuietly(partial);
            deleteQuietly(list);
        }
    }

    /** The archive of a class path: one per Java runtime and list of jars. */
    Path archiveFor(List<String> jars) {
        return folder.resolve(keyOf(jars) + ".jsa");
    }

    private static String keyOf(List<String> jars) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String runtime = System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n";
            digest.update(runtime.getBytes(StandardCharsets.UTF_8));
            digest.update(String.join("\n", jars).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not delete {}", file, e);
        }
    }
}
