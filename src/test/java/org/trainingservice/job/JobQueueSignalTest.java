package org.trainingservice.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.trainingservice.support.SharedPostgres;

/**
 * The queue signal goes out with the transaction that queued the job: after its commit, never for a rollback; on
 * PostgreSQL as a {@code NOTIFY} that another connection hears, on H2 in process only.
 */
class JobQueueSignalTest {

    @Test
    void onPostgresANotifyReachesAListenerWhenTheTransactionCommitsAndNeverOnRollback() throws Exception {
        DriverManagerDataSource database = new DriverManagerDataSource(SharedPostgres.jdbcUrl(), "postgres", "");
        JobQueueSignal signal = new JobQueueSignal(new JdbcTemplate(database));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(database));
        AtomicInteger inProcess = new AtomicInteger();
        signal.subscribe(inProcess::incrementAndGet);
        assertThat(signal.onPostgres()).isTrue();
        try (Connection listener = DriverManager.getConnection(SharedPostgres.jdbcUrl(), "postgres", "")) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN " + JobQueueSignal.CHANNEL);
            }
            PGConnection pg = listener.unwrap(PGConnection.class);

            tx.executeWithoutResult(status -> {
                signal.queued();
                status.setRollbackOnly();
            });
            assertThat(notifications(pg, 500)).as("a rolled-back queueing").isZero();
            assertThat(inProcess).hasValue(0);

            tx.executeWithoutResult(status -> {
                signal.queued();
                assertThat(notifications(pg, 300)).as("nothing before the commit").isZero();
                assertThat(inProcess).hasValue(0);
            });
            assertThat(notifications(pg, 5000)).isEqualTo(1);
            assertThat(inProcess).hasValue(1);
        }
    }

    @Test
    void onH2TheSignalArrivesInProcessAfterTheCommit() {
        DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:mem:queue-signal;DB_CLOSE_DELAY=-1");
        JobQueueSignal signal = new JobQueueSignal(new JdbcTemplate(database));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(database));
        AtomicInteger heard = new AtomicInteger();
        Runnable listener = heard::incrementAndGet;
        signal.subscribe(listener);
        assertThat(signal.onPostgres()).isFalse();
        tx.executeWithoutResult(status -> {
            signal.queued();
            status.setRollbackOnly();
        });
        assertThat(heard).hasValue(0);
        tx.executeWithoutResult(status -> {
            signal.queued();
            assertThat(heard).as("not before the commit").hasValue(0);
        });
        assertThat(heard).hasValue(1);
        signal.unsubscribe(listener);
        tx.executeWithoutResult(status -> signal.queued());
        assertThat(heard).hasValue(1);
    }

    private static int notifications(PGConnection pg, int waitMillis) {
        try {
            PGNotification[] received = pg.getNotifications(waitMillis);
            return received == null ? 0 : received.length;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
