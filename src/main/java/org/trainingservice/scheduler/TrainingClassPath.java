package org.trainingservice.scheduler;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class path of a training process: the service's own, less the jars a training process never loads. The service
 * runs with over 200 jars (Spring, Hibernate, Tomcat, the database drivers, and in the tests Selenium and the embedded
 * PostgreSQL), and a JVM opens every jar ahead of a class on the class path to find it, and all of them to find a
 * service entry (DJL looks its engine up that way): with only what training needs, a warm process was ready in 2.3 s
 * (2.0 CPU seconds) instead of 3.4 s (2.8) on this project's loaded 2-core machine. Kept: every folder (the
 * project's classes) and the jars of DJL and its PyTorch engine and natives, Jackson, Gson, JNA, Apache Commons,
 * SLF4J, Logback and the OpenAPI annotations the spec records carry. Where the DJL jars cannot be recognised by their
 * names (a class path laid out otherwise), the whole class path is used, as before. The jars come first and the
 * folders after them: a class archive ({@link TrainingClassArchive}) holds jars only, and Java uses it only for a class
 * path that begins with the jars it was made from.
 */
final class TrainingClassPath {

    /** File names of the jars training uses start so (Maven's {@code artifactId-version.jar}). */
    private static final List<String> TRAINING_JARS = List.of("api-", "pytorch-", "jackson-", "gson-", "jna-",
            "commons-", "slf4j-api-", "logback-", "swagger-annotations-");

    private TrainingClassPath() {
    }

    static String of(String classPath) {
        List<String> entries = Arrays.asList(classPath.split(File.pathSeparator));
        List<String> kept = entries.stream().filter(TrainingClassPath::isForTraining).toList();
        boolean hasEngine = kept.stream().anyMatch(e -> fileName(e).startsWith("pytorch-engine-"))
                && kept.stream().anyMatch(e -> fileName(e).startsWith("api-"));
        if (!hasEngine) {
            return classPath;
        }
        List<String> ordered = new ArrayList<>(kept.stream().filter(e -> e.endsWith(".jar")).toList());
        kept.stream().filter(e -> !e.endsWith(".jar")).forEach(ordered::add);
        return String.join(File.pathSeparator, ordered);
    }

    /** The jars a training class path ({@link #of}) begins with: what a class archive of it holds. */
    static List<String> jarsOf(String trainingClassPath) {
        return Arrays.stream(trainingClassPath.split(File.pathSeparator)).takeWhile(e -> e.endsWith(".jar")).toList();
    }

    private static boolean isForTraining(String entry) {
        String name = fileName(entry);
        return !name.endsWith(".jar") || TRAINING_JARS.stream().anyMatch(name::startsWith);
    }

    private static String fileName(String entry) {
        Path name = Path.of(entry).getFileName();
        return name == null ? "" : name.toString();
    }
}
