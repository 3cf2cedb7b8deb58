package org.trainingservice.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A bounded closed-loop load generator on loopback: N clients, each sending its next request when the last answers. */
final class ApiLoad {

    record Result(double rps, double p50Ms, double p99Ms, long requests, long errors) {
    }

    private ApiLoad() {
    }

    static Result run(HttpRequest request, int clients, Duration duration) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long[] errors = new long[1];
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() >= 400) {
                            synchronized (errors) {
                                errors[0]++;
                            }
                        }
                    } catch (Exception e) {
                        synchronized (errors) {
                            errors[0]++;
                        }
                    }
                    latencies.add(System.nanoTime() - t);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(sorted.size() / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.size(), errors[0]);
    }

    static HttpRequest get(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).GET().build();
    }

    static HttpRequest post(String url, String key, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }
}
