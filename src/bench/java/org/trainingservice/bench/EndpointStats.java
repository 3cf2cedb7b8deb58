package org.trainingservice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies and answers of each endpoint under load, recorded by many client threads at once. */
final class EndpointStats {

    private final Map<String, ConcurrentLinkedQueue<Long>> nanos = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicLong>> answers = new ConcurrentHashMap<>();

    /** {@code status} 0: no answer (the request failed). */
    void record(String endpoint, int status, long latencyNanos) {
        nanos.computeIfAbsent(endpoint, e -> new ConcurrentLinkedQueue<>()).add(latencyNanos);
        String kind = status == 0 ? "noAnswer" : status == 304 ? "304" : (status / 100) + "xx";
        answers.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    long count(String kind) {
        return answers.values().stream().mapToLong(m -> m.getOrDefault(kind, new AtomicLong()).get()).sum();
    }

    long requests() {
        return nanos.values().stream().mapToLong(ConcurrentLinkedQueue::size).sum();
    }

    /** Per endpoint: requests, requests per second over {@code seconds}, p50/p99 in ms, and the answers by kind. */
    Map<String, Object> summary(double seconds) {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        nanos.keySet().stream().sorted().forEach(endpoint -> {
            List<Long> sorted = new ArrayList<>(nanos.get(endpoint));
            Collections.sort(sorted);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("requests", sorted.size());
            row.put("rps", sorted.size() / seconds);
            row.put("p50Ms", percentile(sorted, 0.50));
            row.put("p99Ms", percentile(sorted, 0.99));
            Map<String, Long> kinds = new LinkedHashMap<>();
            answers.get(endpoint).entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> kinds.put(e.getKey(), e.getValue().get()));
            row.put("answers", kinds);
            endpoints.put(endpoint, row);
        });
        return endpoints;
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }
}
