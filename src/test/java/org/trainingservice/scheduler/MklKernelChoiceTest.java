package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.training.Processor;

/** The library that lets MKL use its AVX-512 kernels on AMD, and who gets it. */
class MklKernelChoiceTest {

    private static final Processor ZEN_5 = new Processor("AuthenticAMD", Set.of("avx2", "avx512f", "fma"));
    private static final Processor ZEN_3 = new Processor("AuthenticAMD", Set.of("avx2", "fma"));
    private static final Processor XEON = new Processor("GenuineIntel", Set.of("avx2", "avx512f", "fma"));

    @TempDir
    Path dataDir;

    @Test
    void onlyAnAmdProcessorWithAvx512GetsTheLibrary() throws IOException {
        assertThat(MklKernelChoice.preloadLibrary(XEON, dataDir)).isEmpty();
        assertThat(MklKernelChoice.preloadLibrary(ZEN_3, dataDir)).isEmpty();
        assertThat(dataDir).isEmptyDirectory();
        Path library = MklKernelChoice.preloadLibrary(ZEN_5, dataDir).orElseThrow();
        assertThat(library).isRegularFile().hasParent(dataDir);
        assertThat(MklKernelChoice.preloadLibrary(ZEN_5, dataDir)).contains(library);
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).as("no partial copies left behind").containsExactly(library);
        }
        assertThat(MklKernelChoice.withPreload(null, library)).isEqualTo(library.toString());
        assertThat(MklKernelChoice.withPreload("/opt/libjemalloc.so", library))
                .isEqualTo("/opt/libjemalloc.so:" + library);
    }

    @Test
    void aTrainingProcessPreloadsItWhereItHelpsAndTheSettingAllows() throws IOException {
        Path folder = Files.createDirectories(dataDir.resolve("jobs/one"));
        String amd = new TrainingProcessLauncher(properties(true), ZEN_5).processFor(folder).environment()
                .get("LD_PRELOAD");
        assertThat(amd).endsWith(dataDir.resolve("native").resolve(MklKernelChoice.LIBRARY_NAME).toString());
        assertThat(Path.of(amd.substring(amd.lastIndexOf(':') + 1))).isRegularFile();
        assertThat(preloadOf(new TrainingProcessLauncher(properties(false), ZEN_5), folder))
                .doesNotContain(MklKernelChoice.LIBRARY_NAME);
        assertThat(preloadOf(new TrainingProcessLauncher(properties(true), XEON), folder))
                .doesNotContain(MklKernelChoice.LIBRARY_NAME);
    }

    @Test
    void aLibraryThatCannotBeWrittenCostsSpeedNotJobs() throws IOException {
        Files.writeString(dataDir.resolve("native"), "a file where the library's folder should be");
        Path folder = Files.createDirectories(dataDir.resolve("jobs/one"));
        ProcessBuilder process = new TrainingProcessLauncher(properties(true), ZEN_5).processFor(folder);
        assertThat(process.command()).isNotEmpty();
        assertThat(String.valueOf(process.environment().get("LD_PRELOAD"))).doesNotContain(MklKernelChoice.LIBRARY_NAME);
    }

    /**
     * The generated library in a real process that loads libtorch: the dynamic loader binds MKL's vendor check to it
     * (the loader's own trace says so), MKL then reports its AVX-512 kernels where the processor has AVX-512 (on an AMD
     * one it reports generic kernels without the library), and a product MKL computes afterwards is still right.
     */
    @Test
    void mklAsksTheLibraryAndItsProductsStayRight() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the library is x86-64 Linux code");
        Path library = MklKernelChoice.preloadLibrary(ZEN_5, dataDir.resolve("native")).orElseThrow();
        Path trace = dataDir.resolve("loader-trace");
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx512m", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR", "target/djl-cache"),
                "-cp", System.getProperty("java.class.path"), MklProductProbe.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("LD_PRELOAD", library.toString());
        builder.environment().put("LD_DEBUG", "bindings");
        builder.environment().put("LD_DEBUG_OUTPUT", trace.toString());
        builder.environment().put("MKL_VERBOSE", "1");
        Process probe = builder.start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();

        String line = output.lines().filter(l -> l.startsWith("largest difference ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(line.substring("largest difference ".length())))
                .as("float32 products of 384 terms of unit size").isLessThan(1e-3);
        if (Processor.ofThisMachine().hasAvx512()) {
            assertThat(output.lines().filter(l -> l.startsWith("MKL_VERBOSE oneMKL")).findFirst().orElseThrow())
                    .as("the kernels MKL chose").contains("AVX-512");
        }
        boolean bound;
        try (Stream<Path> traces = Files.list(dataDir)) {
            bound = traces.filter(p -> p.getFileName().toString().startsWith("loader-trace"))
                    .anyMatch(p -> bindsVendorCheck(p, library));
        }
        assertThat(bound).as("libtorch's call of mkl_serv_intel_cpu_true went to " + library).isTrue();
    }

    private static boolean bindsVendorCheck(Path trace, Path library) {
        try (Stream<String> lines = Files.lines(trace, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> l.contains("libtorch_cpu.so") && l.contains("to " + library + " ")
                    && l.contains("`mkl_serv_intel_cpu_true'"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String preloadOf(TrainingProcessLauncher launcher, Path folder) throws IOException {
        String preload = launcher.processFor(folder).environment().get("LD_PRELOAD");
        return preload == null ? "" : preload;
    }

    private TrainingProperties properties(boolean mklAvx512OnAmd) {
        return new TrainingProperties(dataDir, "test", 3, Duration.ofHours(1), null,
                new TrainingProperties.Worker(true, 1, Duration.ofMillis(500), Duration.ofSeconds(30),
                        Duration.ofSeconds(2), Duration.ofSeconds(10), "1g", 5, mklAvx512OnAmd, null, 1, 1000, true));
    }
}
