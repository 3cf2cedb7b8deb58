package org.trainingservice.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node of the service as a process of its own on a given database, with the bench's class path: its own port, node
 * id, data folder and log ({@code <out>/<name>.log}).
 */
final class ServiceNode implements AutoCloseable {

    private final Process process;
    private final String base;

    private ServiceNode(Process process, int port) {
        this.process = process;
        this.base = "http://localhost:" + port;
    }

    static ServiceNode start(String name, String jdbcUrl, Path out, String adminKey, List<String> settings)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx768m", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-cp", System.getProperty("java.class.path"), "org.trainingservice.TrainingServiceApplication",
                "--server.port=" + port, "--training.node-id=" + name,
                "--training.data-dir=" + out.resolve(name).toAbsolutePath(),
                "--training.djl-cache=" + System.getProperty("DJL_CACHE_DIR", "target/djl-cache"),
                "--training.security.admin-key=" + adminKey, "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres", "--spring.datasource.password=", "--logging.level.root=WARN"));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve(name + ".log").toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        ServiceNode node = new ServiceNode(builder.start(), port);
        node.awaitHealthy(name, Duration.ofMinutes(3));
        return node;
    }

    String base() {
        return base;
    }

    private void awaitHealthy(String name, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited; see its log under target/bench");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("node " + name + " did not become ready within " + timeout);
    }

    /** SIGTERM (its training processes stop, its jobs go back), then SIGKILL if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
