package org.trainingservice.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.trainingservice.support.SharedPostgres;

/** Which failures are the database's absence (503) and which are not (they stay 500 or whatever they were). */
class DatabaseUnavailableTest {

    private final DatabaseUnavailable whileUp = new DatabaseUnavailable(dataSource(SharedPostgres.jdbcUrl()));
    private final DatabaseUnavailable whileDown = new DatabaseUnavailable(
            dataSource("jdbc:postgresql://localhost:" + closedPort() + "/postgres?user=postgres"));

    @Test
    void aPoolTimeoutOrAConnectionErrorSaysSoItself() {
        Exception poolTimeout = new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
        Exception brokenPipe = new RuntimeException(new SQLException("An I/O error occurred", "08006"));
        Exception adminShutdown = new RuntimeException(new SQLException("terminating connection", "57P01"));
        for (Exception e : new Exception[]{poolTimeout, brokenPipe, adminShutdown}) {
            assertThat(whileUp.explains(e)).as(e.toString()).isTrue();
        }
    }

    @Test
    void aRollbackThatReplacedTheConnectionErrorIsCheckedAgainstTheDatabase() {
        // what Spring throws when a query hit a dropped connection and the pool had closed it before the rollback
        Exception overridden = new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed")));
        assertThat(whileDown.explains(overridden)).isTrue();
        assertThat(whileUp.explains(overridden)).isFalse();
    }

    @Test
    void otherFailuresAreNotTheDatabasesAbsence() {
        assertThat(whileDown.explains(new IllegalStateException("a bug"))).isFalse();
        assertThat(whileUp.explains(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        return ds;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
