package org.trainingservice.scheduler;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.trainingservice.job.JobQueueSignal;

/**
 * On PostgreSQL, hears every node's {@code NOTIFY} of a queued job ({@link JobQueueSignal}) on a connection of its own
 * (outside the pool, so that no pooled connection collects notifications), in a daemon thread, and wakes the worker.
 * A broken connection is opened again after a growing pause (1 s up to 30 s), and the worker is woken once then, for
 * whatever was queued meanwhile. On any other database there is nothing to listen to: the signal arrives in process.
 */
@Component
class JobQueueListener {

    private static final Logger log = LoggerFactory.getLogger(JobQueueListener.class);
    /** How long one wait for notifications lasts; between two, the connection is checked and a stop is noticed. */
    private static final int WAIT_MILLIS = 5000;

    private final JobQueueSignal signal;
    private final String url;
    private final String user;
    private final String password;
    private volatile Listening current;

    JobQueueListener(JobQueueSignal signal, @Value("${spring.datasource.url}") String url,
                     @Value("${spring.datasource.username:}") String user,
                     @Value("${spring.datasource.password:}") String password) {
        this.signal = signal;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Starts listening (on PostgreSQL only); {@code onQueued} runs on the listening thread. */
    synchronized void start(Runnable onQueued) {
        if (current != null || !signal.onPostgres()) {
            return;
        }
        current = new Listening(onQueued);
        Thread thread = new Thread(current, "job-queue-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops listening; the thread closes its connection within one wait. */
    synchronized void stop() {
        if (current != null) {
            current.running = false;
            current = null;
        }
    }

    /** One listening session: each start gets its own, so that a stop and a start never share a flag. */
    private final class Listening implements Runnable {

        private final Runnable onQueued;
        private volatile boolean running = true;

        Listening(Runnable onQueued) {
            this.onQueued = onQueued;
        }

        @Override
        public void run() {
            long pause = 1000;
            while (running) {
                try (Connection connection = DriverManager.getConnection(url, user, password)) {
                    connection.setAutoCommit(true);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("LISTEN " + JobQueueSignal.CHANNEL);
                    }
                    log.debug("listening for queued jobs on {}", JobQueueSignal.CHANNEL);
                    pause = 1000;
                    onQueued.run(); // jobs queued while this node was not listening
                    listen(connection.unwrap(PGConnection.class), connection);
                } catch (SQLException e) {
                    if (!running) {
                        return;
                    }
                    log.warn("listening for queued jobs failed ({}); trying again in {} ms, polling meanwhile",
                            e.getMessage(), pause);
                    sleep(pause);
                    pause = Math.min(30_000, pause * 2);
                }
            }
        }

        private void listen(PGConnection pg, Connection connection) throws SQLException {
            while (running) {
                PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                if (notifications != null && notifications.length > 0) {
                    onQueued.run();
                } else if (running && !connection.isValid(5)) {
                    throw new SQLException("the listening connection is no longer valid");
                }
            }
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
