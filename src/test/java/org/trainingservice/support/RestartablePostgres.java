package org.trainingservice.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL of a test's own (the shared one serves the other tests) that the test can stop, as in an outage, and
 * start again on the same data directory and port, so that the service's pool finds it where it was.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private EmbeddedPostgres postgres;
    private final int port;

    private RestartablePostgres(Path dataDirectory, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.port = postgres.getPort();
    }

    public static RestartablePostgres start() {
        try {
            Path dataDirectory = Files.createTempDirectory("outage-pg");
            return new RestartablePostgres(dataDirectory, builder(dataDirectory).start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dataDirectory) {
        return EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false); // stopping must keep the data for the restart
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return port;
    }

    /** The outage: the server stops, and every connection to it breaks. */
    public synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The end of the outage: the same database on the same port. */
    public synchronized void restart() {
        try {
            postgres = builder(dataDirectory).setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL again", e);
        }
    }

    /** Stops it and removes its data. */
    @Override
    public synchronized void close() throws IOException {
        postgres.close();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
