package org.trainingservice.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * One engine's side of the benchmark, in a JVM of its own so that each runs the way its users run it: ours with the
 * training process's JVM flags and allocator settings, bare DJL and DL4J as a plain {@code java} command. Reads
 * {@code <batch> <samples> <epochs>} lines (batch 0: full batch) and answers each with {@code result <samples/s>};
 * every worker also answers {@code matmul} (GFLOP/s of a 2048x2048 product in its process), the ours worker
 * {@code rss} (growth in percent, then resident MB after each epoch).
 * A second argument {@code fresh} skips the warm-up.
 */
public final class BenchWorker {

    private BenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        String engine = args[0];
        Workload all = Workload.random(60_000, 7);
        if (args.length < 2 || !args[1].equals("fresh")) {
            // warm-up of the JIT, natives and allocator on each kind of step measured later
            measure(engine, all.head(300), 1, 1);
            measure(engine, all.head(2000), 32, 1);
            measure(engine, all.head(4096), 0, 1);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String[] parts = line.trim().split(" ");
            String answer = switch (parts[0]) {
                case "matmul" -> Double.toString(Measurements.matmulGflops(2048));
                case "rss" -> rssAnswer(Measurements.residentMbPerEpoch(all.head(30_000), 20));
                default -> Double.toString(measure(engine, all.head(Integer.parseInt(parts[1])),
                        Integer.parseInt(parts[0]), Integer.parseInt(parts[2])));
            };
            System.out.println("result " + answer);
        }
    }

    private static String rssAnswer(java.util.List<Double> mb) {
        double growth = 100.0 * (mb.get(mb.size() - 1) - mb.get(0)) / mb.get(0);
        StringBuilder answer = new StringBuilder(Double.toString(growth));
        mb.forEach(value -> answer.append(' ').append(Math.round(value)));
        return answer.toString();
    }

    private static double measure(String engine, Workload data, int batch, int epochs) throws Exception {
        return switch (engine) {
            case "ours" -> OursTrainer.samplesPerSecond(data, batch, epochs);
            case "djl" -> DjlTrainer.samplesPerSecond(data, batch, epochs);
            case "dl4j" -> Dl4jTrainer.samplesPerSecond(data, batch, epochs);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
    }
}
