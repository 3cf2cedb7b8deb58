package org.trainingservice.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.springframework.stereotype.Component;
import org.trainingservice.training.spec.Task;

/**
 * The built-in generators: two-dimensional toy problems that show under- and over-fitting plainly, and a noisy sine
 * for regression. Each is a pure function of its parameters and the seed.
 */
@Component
public class BuiltinDatasets {

    public static final int MIN_SAMPLES = 10;
    public static final int MAX_SAMPLES = 200_000;

    private static final List<BuiltinGenerator> GENERATORS = List.of(
            new BuiltinGenerator("moons", Task.CLASSIFICATION, "two interleaving half circles", 1000, 0.2, null,
                    List.of("samples", "noise")),
            new BuiltinGenerator("circles", Task.CLASSIFICATION, "a small circle inside a large one", 1000, 0.1, null,
                    List.of("samples", "noise")),
            new BuiltinGenerator("spirals", Task.CLASSIFICATION, "interleaved spiral arms, one per class", 900, 0.2, 3,
                    List.of("samples", "noise", "classes")),
            new BuiltinGenerator("blobs", Task.CLASSIFICATION, "Gaussian clusters around centres on a circle", 900, 1.0, 3,
                    List.of("samples", "noise", "classes")),
            new BuiltinGenerator("xor", Task.CLASSIFICATION, "points in a square labelled by the sign of x*y", 1000, 0.1,
                    null, List.of("samples", "noise")),
            new BuiltinGenerator("sine", Task.REGRESSION, "y = sin(x) + Gaussian noise, x in [-pi, pi]", 1000, 0.1, null,
                    List.of("samples", "noise")));

    public List<BuiltinGenerator> generators() {
        return GENERATORS;
    }

    public Optional<BuiltinGenerator> find(String name) {
        return GENERATORS.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** Checks the parameters; returns field -> message for each problem (fields relative to {@code dataset}). */
    public List<String[]> check(String name, Integer samples, Double noise, Integer classes) {
        List<String[]> problems = new ArrayList<>();
        Optional<BuiltinGenerator> generator = find(name);
        if (generator.isEmpty()) {
            problems.add(new String[]{"builtin", "unknown generator '" + name + "'; available: "
                    + GENERATORS.stream().map(BuiltinGenerator::name).toList()});
            return problems;
        }
        if (samples != null && (samples < MIN_SAMPLES || samples > MAX_SAMPLES)) {
            problems.add(new String[]{"samples", "must be between " + MIN_SAMPLES + " and " + MAX_SAMPLES + ", was " + samples});
        }
        if (noise != null && (noise.isNaN() || noise < 0 || noise > 10)) {
            problems.add(new String[]{"noise", "must be between 0 and 10, was " + noise});
        }
        if (classes != null) {
            if (generator.get().defaultClasses() == null) {
                problems.add(new String[]{"classes", name + " has a fixed number of classes; leave classes out"});
            } else if (classes < 2 || classes > 10) {
                problems.add(new String[]{"classes", "must be between 2 and 10, was " + classes});
            }
        }
        return problems;
    }

    public DatasetMatrix generate(String name, Integer samples, Double noise, Integer classes, long seed) {
        BuiltinGenerator g = find(name).orElseThrow(() -> new IllegalArgumentException("unknown generator " + name));
        int n = samples == null ? g.defaultSamples() : samples;
        double sigma = noise == null ? g.defaultNoise() : noise;
        int k = classes == null ? (g.defaultClasses() == null ? 2 : g.defaultClasses()) : classes;
        SplittableRandom random = new SplittableRandom(seed);
        return switch (name) {
            case "moons" -> moons(n, sigma, random);
            case "circles" -> circles(n, sigma, random);
            case "spirals" -> spirals(n, sigma, k, random);
            case "blobs" -> blobs(n, sigma, k, random);
            case "xor" -> xor(n, sigma, random);
            case "sine" -> sine(n, sigma, random);
            default -> throw new IllegalArgumentException("unknown generator " + name);
        };
    }

    /** The schema of generated data: every feature numeric, classes as generated. */
    public DatasetSchema schema(String name, DatasetMatrix m) {
        List<ColumnSummary> columns = new ArrayList<>();
        for (String feature : m.featureNames()) {
            columns.add(ColumnSummary.generatedFeature(feature));
        }
        return DatasetSchema.generated(name, m.isClassification() ? Task.CLASSIFICATION : Task.REGRESSION, m.rows(),
                m.featureNames(), columns, m.isClassification() ? m.classNames() : null);
    }

    private static DatasetMatrix moons(int n, double noise, SplittableRandom random) {
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double t = Math.PI * random.nextDouble();
            double px = label == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = label == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) (px + noise * gaussian(random));
            x[2 * i + 1] = (float) (py + noise * gaussian(random));
            y[i] = label;
        }
        return twoD(x, y, n, List.of("0", "1"));
    }

    private static DatasetMatrix circles(int n, double noise, SplittableRandom random) {
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double t = 2 * Math.PI * random.nextDouble();
            double r = label == 0 ? 1.0 : 0.5;
            x[2 * i] = (float) (r * Math.cos(t) + noise * gaussian(random));
            x[2 * i + 1] = (float) (r * Math.sin(t) + noise * gaussian(random));
            y[i] = label;
        }
        return twoD(x, y, n, List.of("0", "1"));
    }

    private static DatasetMatrix spirals(int n, double noise, int classes, SplittableRandom random) {
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            double r = random.nextDouble();
            double theta = label * 2 * Math.PI / classes + 4 * r + noise * gaussian(random);
            x[2 * i] = (float) (r * Math.sin(theta));
            x[2 * i + 1] = (float) (r * Math.cos(theta));
            y[i] = label;
        }
        return twoD(x, y, n, classNames(classes));
    }

    private static DatasetMatrix blobs(int n, double noise, int classes, SplittableRandom random) {
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            double angle = 2 * Math.PI * label / classes;
            x[2 * i] = (float) (4 * Math.cos(angle) + noise * gaussian(random));
            x[2 * i + 1] = (float) (4 * Math.sin(angle) + noise * gaussian(random));
            y[i] = label;
        }
        return twoD(x, y, n, classNames(classes));
    }

    private static DatasetMatrix xor(int n, double noise, SplittableRandom random) {
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double a = random.nextDouble(-1, 1);
            double b = random.nextDouble(-1, 1);
            x[2 * i] = (float) (a + noise * gaussian(random));
            x[2 * i + 1] = (float) (b + noise * gaussian(random));
            y[i] = a * b > 0 ? 1 : 0;
        }
        return twoD(x, y, n, List.of("0", "1"));
    }

    private static DatasetMatrix sine(int n, double noise, SplittableRandom random) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = random.nextDouble(-Math.PI, Math.PI);
            x[i] = (float) v;
            y[i] = (float) (Math.sin(v) + noise * gaussian(random));
        }
        return new DatasetMatrix(x, n, 1, y, List.of(), List.of("x"), new int[0], noise * noise);
    }

    private static DatasetMatrix twoD(float[] x, float[] y, int n, List<String> classes) {
        return new DatasetMatrix(x, n, 2, y, classes, List.of("x1", "x2"), new int[0], Double.NaN);
    }

    private static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return List.copyOf(names);
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }
}
