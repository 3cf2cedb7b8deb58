package org.trainingservice.common;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.hibernate.HibernateException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Tells a failure to reach the database (down, restarting, unreachable, or no pooled connection free within
 * {@code spring.datasource.hikari.connection-timeout}) from other failures, and words the 503 that a caller gets for
 * it: the same request can be sent again after {@code Retry-After}.
 */
@Component
public class DatabaseUnavailable {

    /** Seconds a client should wait before retrying; short, since the service reconnects by itself. */
    public static final int RETRY_AFTER_SECONDS = 5;
    public static final String TITLE = "Database unavailable";
    public static final String DETAIL = "the database cannot be reached right now; the service reconnects by itself "
            + "when it is back: retry after " + RETRY_AFTER_SECONDS + " seconds";

    private final DataSource dataSource;

    public DatabaseUnavailable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Whether {@code failure} happened because the database cannot be reached. Most such failures say so themselves
     * (a connection error somewhere in the causes). Some do not: when a query fails on a connection the server just
     * dropped, the pool closes that connection, the rollback then fails with "Connection is closed", and the rollback's
     * exception replaces the query's. So a data-access failure that names no cause is checked against the database
     * itself: at most one more connection timeout, and only on a path that is failing anyway.
     */
    public boolean explains(Throwable failure) {
        return saysSo(failure) || (isDataAccess(failure) && !reachable());
    }

    /** Whether {@code failure}, or anything it was caused by, says that no database connection could be had or kept. */
    static boolean saysSo(Throwable failure) {
        return anyCause(failure, DatabaseUnavailable::isConnectionFailure);
    }

    private static boolean isDataAccess(Throwable failure) {
        return anyCause(failure, t -> t instanceof DataAccessException || t instanceof TransactionException
                || t instanceof PersistenceException || t instanceof HibernateException || t instanceof SQLException);
    }

    private boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    public static ProblemDetail problem() {
        return ApiExceptionHandler.problem(HttpStatus.SERVICE_UNAVAILABLE, TITLE, DETAIL);
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof DataAccessResourceFailureException || t instanceof JDBCConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            // class 08: connection exception; 57P01-57P03: the server is shutting down, crashed or starting up
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
        }
        return false;
    }
}
