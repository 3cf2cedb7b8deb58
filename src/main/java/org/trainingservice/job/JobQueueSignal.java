package org.trainingservice.job;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the workers that a job became QUEUED (submitted, promoted, released or queued again), so that an idle one
 * claims it at once instead of at its next poll. On PostgreSQL it sends {@code NOTIFY} on {@value #CHANNEL} in the
 * transaction that queued the job, so that every node hears it when, and only if, that transaction commits; the
 * workers of this node are told in process after the commit, whatever the database. A lost signal costs a poll
 * interval, never a job: the workers still poll.
 */
@Component
public class JobQueueSignal {

    /** The PostgreSQL notification channel that workers {@code LISTEN} on. */
    public static final String CHANNEL = "training_job_queued";

    private static final Logger log = LoggerFactory.getLogger(JobQueueSignal.class);

    private final JdbcTemplate jdbc;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Boolean postgres;

    public JobQueueSignal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code listener} runs (quickly, on the committing thread) after each commit that queued a job on this node. */
    public void subscribe(Runnable listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Runnable listener) {
        listeners.remove(listener);
    }

    /** Whether the database is PostgreSQL, whose {@code LISTEN/NOTIFY} reaches the other nodes. */
    public boolean onPostgres() {
        if (postgres == null) {
            postgres = jdbc.execute((ConnectionCallback<Boolean>) c ->
                    "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()));
        }
        return postgres;
    }

    /** Called in the transaction that made a job QUEUED. */
    void queued() {
        if (onPostgres()) {
            jdbc.execute("SELECT pg_notify('" + CHANNEL + "', '')");
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    tellListeners();
                }
            });
        } else {
            tellListeners();
        }
    }

    private void tellListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("a job queue listener failed: {}", e.getMessage());
            }
        }
    }
}
