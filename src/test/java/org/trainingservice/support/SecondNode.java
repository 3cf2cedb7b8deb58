package org.trainingservice.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another node of the service as a real process on the shared test database: the same classes, its own node id and
 * port, its own worker. It can be stopped politely (SIGTERM) or killed (SIGKILL).
 */
public final class SecondNode implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String nodeId;

    private SecondNode(Process process, int port, String nodeId) {
        this.process = process;
        this.port = port;
        this.nodeId = nodeId;
    }

    public static SecondNode start(String nodeId) {
        return start(nodeId, new String[0]);
    }

    /** A node started with {@code settings} ({@code --name=value}) on top of the test profile's. */
    public static SecondNode start(String nodeId, List<String> settings) {
        return start(nodeId, settings.toArray(String[]::new));
    }

    /** A node with more settings ({@code --name=value}) than the test profile's. */
    public static SecondNode start(String nodeId, String... settings) {
        return launch(nodeId, List.of("--spring.datasource.url=" + SharedPostgres.jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password="), settings);
    }

    /**
     * A node with no datasource setting, so on the embedded H2 file database of a plain {@code ./mvnw spring-boot:run},
     * under its own {@code dataDir}.
     */
    public static SecondNode startOnH2(String nodeId, java.nio.file.Path dataDir, String... settings) {
        return launch(nodeId, List.of("--training.data-dir=" + dataDir.toAbsolutePath()), settings);
    }

    private static SecondNode launch(String nodeId, List<String> database, String... settings) {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only: this node lives for seconds, so start-up time matters more than peak speed
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-cp", System.getProperty("java.class.path"), "org.trainingservice.TrainingServiceApplication",
                "--spring.profiles.active=test", "--server.port=" + port, "--training.node-id=" + nodeId));
        command.addAll(database);
        command.addAll(List.of(settings));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(new File("target/" + nodeId + ".log"));
            builder.environment().put("OPT_OUT_TRACKING", "true");
            SecondNode node = new SecondNode(builder.start(), port, nodeId);
            node.awaitHealthy(Duration.ofSeconds(90));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        Api api = new Api(port, null);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + nodeId + " exited; see target/" + nodeId + ".log");
            }
            try {
                if (api.get("/actuator/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(300);
        }
        throw new IllegalStateException("node " + nodeId + " did not become healthy; see target/" + nodeId + ".log");
    }

    public String nodeId() {
        return nodeId;
    }

    public int port() {
        return port;
    }

    /** The node's child processes now (its training processes, warm ones included). */
    public List<ProcessHandle> children() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** SIGTERM, then waits for the process to exit; answers how long that took. */
    public Duration terminate(Duration timeout) {
        Instant start = Instant.now();
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node " + nodeId + " did not exit within " + timeout + " of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.between(start, Instant.now());
    }

    /** SIGKILL: the node dies without a word, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
