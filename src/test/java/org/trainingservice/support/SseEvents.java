package org.trainingservice.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a job's Server-Sent Events from a node, as a browser's EventSource would. */
public final class SseEvents {

    /** One parsed event. */
    public record Event(long id, String type, String data) {
    }

    private SseEvents() {
    }

    /** Reads events until {@code stopAfter} accepts one (inclusive), or the stream ends. */
    public static List<Event> read(Api api, String jobId, String lastEventId, Predicate<Event> stopAfter)
            throws Exception {
        var request = api.request("/api/v1/jobs/" + jobId + "/events", "Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                request.timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Event> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            long id = -1;
            String type = null;
            StringBuilder data = new StringBuilder();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                } else if (line.isEmpty() && type != null) {
                    Event event = new Event(id, type, data.toString());
                    events.add(event);
                    type = null;
                    data.setLength(0);
                    if (stopAfter.test(event)) {
                        break;
                    }
                }
            }
        }
        return events;
    }
}
