package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.training.Processor;
import org.trainingservice.training.child.TrainingChild;

class TrainingClassArchiveTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path folder;

    private static List<String> someJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && Path.of(e).getFileName().toString().startsWith("gson-")).toList();
    }

    private static Process java(List<String> options, List<String> jars, String... rest) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(options);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, jars)));
        command.addAll(List.of(rest));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Test
    void theFirstProcessRecordsItsClassesAndOnceItHasExitedTheNextStartFromAnArchiveJavaAccepts() throws Exception {
        List<String> jars = someJars();
        assertThat(jars).isNotEmpty();
        TrainingClassArchive archive = new TrainingClassArchive(folder);

        List<String> first = archive.optionsFor(jars);
        assertThat(first).singleElement().asString().startsWith("-XX:DumpLoadedClassList=");
        assertThat(archive.optionsFor(jars)).as("a second process while the first records").isEmpty();

        Process recorder = java(first, jars, "-version");
        archive.started(recorder, first, jars, List.of(JAVA));
        assertThat(recorder.waitFor()).isZero();
        Path built = archive.archiveFor(jars);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.isRegularFile(built) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(built).isRegularFile();

        List<String> next = archive.optionsFor(jars);
        assertThat(next).containsExactly("-XX:SharedArchiveFile=" + built);
        // -Xshare:on: the JVM refuses to start unless it maps the archive
        Process user = java(List.of(next.get(0), "-Xshare:on"), jars, "-version");
        assertThat(user.waitFor()).as("a JVM that must share classes from the archive").isZero();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).as("no class list or partial archive left behind").containsExactly(built);
        }
    }

    @Test
    void anArchiveForOtherJarsIsAnotherFileAndNoJarsGetNoArchive() {
        TrainingClassArchive archive = new TrainingClassArchive(folder);
        assertThat(archive.archiveFor(List.of("/a.jar"))).isNotEqualTo(archive.archiveFor(List.of("/a.jar", "/b.jar")));
        assertThat(archive.optionsFor(List.of())).as("no jars: nothing to archive").isEmpty();
    }

    @Test
    void theLauncherRecordsWithItsFirstProcessAndStartsTheOthersFromTheArchiveOnceItIsThere() throws Exception {
        TrainingProperties properties = new TrainingProperties(folder, "test", 3, Duration.ofHours(1), null,
                new TrainingProperties.Worker(true, 1, Duration.ofMillis(500), Duration.ofSeconds(30),
                        Duration.ofSeconds(2), Duration.ofSeconds(10), "1g", 5, false, null, 1, 1000, true));
        TrainingProcessLauncher launcher = new TrainingProcessLauncher(properties, Processor.ofThisMachine());
        Path job = Files.createDirectories(folder.resolve("jobs/one"));
        List<String> jars = TrainingClassPath.jarsOf(TrainingClassPath.of(System.getProperty("java.class.path")));
        assertThat(jars).as("the test's class path has jars to archive").isNotEmpty();
        Path archive = new TrainingClassArchive(properties.djlCacheDir().resolve("class-archive")).archiveFor(jars);

        List<String> first = launcher.processFor(job).command();
        assertThat(first).anyMatch(o -> o.startsWith("-XX:DumpLoadedClassList=" + archive.getParent()));
        List<String> second = launcher.processFor(job).command();
        assertThat(second).as("one recording is enough").noneMatch(o -> o.startsWith("-XX:"
                + "DumpLoadedClassList") || o.startsWith("-XX:SharedArchiveFile"));

        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "stands for a built archive");
        List<String> later = launcher.processFor(job).command();
        assertThat(later).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(later.indexOf("-XX:SharedArchiveFile=" + archive)).as("a JVM option, before the main class")
                .isLessThan(later.indexOf(TrainingChild.class.getName()));
    }
}
