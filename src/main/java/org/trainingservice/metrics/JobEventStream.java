package org.trainingservice.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.trainingservice.common.InvalidRequestException;
import org.trainingservice.job.JobEvents;

/**
 * Server-Sent Events of a job (or an experiment), read from its event log in the database (so a stream works on any node, whichever
 * node trains the job): each event carries its log id, {@code Last-Event-ID} resumes after it, idle streams get a
 * heartbeat comment, and a stream ends after the {@code finished} event or when its client goes away.
 */
@Component
public class JobEventStream implements AutoCloseable {

    private static final int BATCH = 500;

    private final JobEvents events;
    private final AtomicInteger open = new AtomicInteger();
    private final Duration pollInterval;
    private final Duration heartbeatInterval;
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sse-poller");
        t.setDaemon(true);
        return t;
    });

    public JobEventStream(JobEvents events, MeterRegistry meters,
                          @Value("${training.events.poll-interval:500ms}") Duration pollInterval,
                          @Value("${training.events.heartbeat-interval:15s}") Duration heartbeatInterval) {
        this.events = events;
        this.pollInterval = pollInterval;
        this.heartbeatInterval = heartbeatInterval;
        Gauge.builder("training_event_streams", open::get).description("open Server-Sent Events streams on this node")
                .register(meters);
    }

    /** A log of events read in order of their ids: a job's, or an experiment's. */
    @FunctionalInterface
    public interface EventLog {
        List<JobEvents.Event> after(long lastId, int limit);
    }

    /**
     * Where a stream resumes: the {@code Last-Event-ID} header, else the {@code lastEventId} parameter, else the start.
     *
     * @throws InvalidRequestException when it is not an event id
     */
    public static long cursor(String lastEventIdHeader, String lastEventIdParameter) {
        String after = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParameter;
        try {
            return after == null || after.isBlank() ? 0 : Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Last-Event-ID", "must be the id of an event this stream sent");
        }
    }

    public SseEmitter open(UUID jobId, long lastEventId) {
        return open((after, limit) -> events.after(jobId, after, limit), lastEventId);
    }

    /** A stream of {@code log}'s events after {@code lastEventId}, ending after its {@code finished} event. */
    public SseEmitter open(EventLog log, long lastEventId) {
        SseEmitter emitter = new SseEmitter(0L); // no server-side timeout: the client decides when to leave
        AtomicLong cursor = new AtomicLong(lastEventId);
        AtomicLong lastSent = new AtomicLong(System.nanoTime());
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        AtomicBoolean stopped = new AtomicBoolean();
        open.incrementAndGet();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
            if (task[0] != null) {
                task[0].cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        task[0] = pollers.scheduleWithFixedDelay(() -> {
            try {
                List<JobEvents.Event> batch = log.after(cursor.get(), BATCH);
                for (JobEvents.Event event : batch) {
                    emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.type())
                            .data(event.payload(), org.springframework.http.MediaType.APPLICATION_JSON));
                    cursor.set(event.id());
                    lastSent.set(System.nanoTime());
                    if (event.type().equals("finished")) {
                        emitter.complete();
                        stop.run();
                        return;
                    }
                }
                if (System.nanoTime() - lastSent.get() > heartbeatInterval.toNanos()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastSent.set(System.nanoTime());
                }
            } catch (IOException | IllegalStateException gone) {
                // the client went away: free the poller
                emitter.completeWithError(gone);
                stop.run();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
                stop.run();
            }
        }, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        return emitter;
    }

    @Override
    public void close() {
        pollers.shutdownNow();
    }
}
