package org.trainingservice.scheduler;

import com.sun.management.HotSpotDiagnosticMXBean;
import jakarta.annotation.PreDestroy;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.trainingservice.common.TrainingProperties;
import org.trainingservice.training.Processor;
import org.trainingservice.training.child.TrainingChild;
import org.trainingservice.training.spec.JobSpec;

/**
 * Starts a training process: a JVM of its own running only {@link TrainingChild}, offline and without telemetry,
 * at a lower scheduling priority than the API, with DJL's natives cached under the data directory, and with MKL's
 * fastest kernels where the processor has them ({@link MklKernelChoice}).
 */
@Component
public class TrainingProcessLauncher {

    private static final Logger log = LoggerFactory.getLogger(TrainingProcessLauncher.class);
    private static final String VECTOR_API = "jdk.incubator.vector";
    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    /**
     * glibc malloc settings of a training process: large buffers stay mapped between steps instead of being mapped
     * and unmapped on every batch (measured ~1.5x at batch 32).
     */
    private static final String ALLOCATOR_TUNABLES =
            "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824";

    /**
     * JVM flags of a training process besides its maximum heap. A training step makes little Java garbage, so a
     * default-sized young generation (about 100 MB here) was touched page by page over the first epochs and resident
     * memory crept up by as much; 16 MB keeps it flat. The allocator settings keep freed native memory mapped, the JIT
     * compiler's scratch memory included, so where this JVM can (17.0.9 and later) it returns unused native memory to
     * the system every 2 seconds, which costs nothing measurable per step. The Vector API (an incubator module in Java
     * 17) lets Adam update the weights in PyTorch's buffers without copying them (see {@code AdamLanes}).
     */
    public static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xmn16m", "-Dai.djl.offline=true",
                "-DOPT_OUT_TRACKING=true", "-Dai.djl.pytorch.graph_optimizer=false"));
        // a JVM told to add a module its image lacks does not start at all (a trimmed runtime may leave it out)
        if (java.lang.module.ModuleFinder.ofSystem().find(VECTOR_API).isPresent()) {
            flags.addAll(List.of("--add-modules", VECTOR_API));
        }
        if (hasVmOption("TrimNativeHeapInterval")) {
            flags.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=2000"));
        }
        return flags;
    }

    /** Whether this JVM (the child runs the same executable) knows the option. */
    private static boolean hasVmOption(String name) {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private final TrainingProperties properties;
    private final Processor processor;
    private final TrainingClassArchive classArchive;
    /**
     * The classes of a training process (this process's, or the packaged jar through Boot's launcher) and the jars
     * its class archive holds: worked out once, since finding them reads the class path's folders and opens a jar.
     */
    private final List<String> classPathAndMain;
    private final List<String> archivedJars;
    private Optional<Path> mklPreload;

    @Autowired
    public TrainingProcessLauncher(TrainingProperties properties) {
        this(properties, Processor.ofThisMachine());
    }

    TrainingProcessLauncher(TrainingProperties properties, Processor processor) {
        this.properties = properties;
        this.processor = processor;
        this.classArchive = new TrainingClassArchive(properties.djlCacheDir().resolve("class-archive"));
        String classPath = System.getProperty("java.class.path");
        if (isPackaged(classPath)) {
            classPathAndMain = List.of("-cp", classPath, "-Dloader.main=" + TrainingChild.class.getName(), BOOT_LAUNCHER);
            archivedJars = List.of(); // a class archive cannot hold a packaged jar's nested jars
        } else {
            // of the plain class path, those a training process uses
            String training = TrainingClassPath.of(classPath);
            classPathAndMain = List.of("-cp", training, TrainingChild.class.getName());
            archivedJars = TrainingClassPath.jarsOf(training);
        }
    }

    /** Stops a class archive's dump under way. */
    @PreDestroy
    void stop() {
        classArchive.stop();
    }

    /**
     * The library of {@link MklKernelChoice} where it applies, written under the data directory on first use. A
     * library that cannot be written costs speed, not jobs: training processes then start without it.
     */
    private synchronized Optional<Path> mklPreload() {
        if (mklPreload == null) {
            try {
                mklPreload = properties.worker().mklAvx512OnAmd()
                        ? MklKernelChoice.preloadLibrary(processor, properties.nativeDir())
                        : Optional.empty();
                mklPreload.ifPresent(library -> log.info("Training processes preload {} so that MKL multiplies "
                        + "matrices with its AVX-512 kernels on this AMD processor "
                        + "(training.worker.mkl-avx512-on-amd=false turns this off)", library));
            } catch (IOException e) {
                log.warn("Could not write MKL's vendor-check library under {}; training processes run MKL's generic "
                        + "kernels on this AMD processor", properties.nativeDir(), e);
                mklPreload = Optional.empty();
            }
        }
        return mklPreload;
    }

    /** The profile of a job's training process, from the node's settings and the job's device. */
    public ProcessProfile profileFor(JobSpec spec) {
        return profileFor(spec.training().device());
    }

    /** The profile of a training process on {@code device} ({@code auto}, {@code cpu}, {@code cuda}, {@code cuda:N}). */
    public ProcessProfile profileFor(String device) {
        return ProcessProfile.of(properties.worker().childHeap(), properties.worker().childNice(), device);
    }

    /** The profile warm processes are started with: that of a job on the node's default device. */
    public ProcessProfile warmProfile() {
        return ProcessProfile.of(properties.worker().childHeap(), properties.worker().childNice(), "auto");
    }

    /** A cold start: a process for the job in {@code folder}, with the job's profile. */
    public Process start(ProcessProfile profile, Path folder) throws IOException {
        return started(processFor(profile, folder.toAbsolutePath().toString(), folder));
    }

    /** A warm process with {@code profile}: it loads the engine and waits for a job folder on its standard input. */
    public Process startWarm(ProcessProfile profile) throws IOException {
        return started(processFor(profile, TrainingChild.WARM, Files.createDirectories(properties.jobsDir())));
    }

    private Process started(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        List<String> dumpCommand = new ArrayList<>(List.of(javaExecutable()));
        dumpCommand.addAll(jvmFlags());
        classArchive.started(process, builder.command(), archivedJars, dumpCommand);
        return process;
    }

    /** The training process for the job folder {@code folder} on the node's default device, ready to start. */
    ProcessBuilder processFor(Path folder) throws IOException {
        return processFor(warmProfile(), folder.toAbsolutePath().toString(), folder);
    }

    /** The training process of a job with {@code profile}, for the job folder {@code folder}, ready to start. */
    ProcessBuilder processFor(ProcessProfile profile, Path folder) {
        return processFor(profile, folder.toAbsolutePath().toString(), folder);
    }

    /** {@code argument}: the job folder, or {@link TrainingChild#WARM}; {@code workingDirectory} must exist. */
    private ProcessBuilder processFor(ProcessProfile profile, String argument, Path workingDirectory) {
        List<String> command = new ArrayList<>();
        if (profile.nice() > 0 && Files.isExecutable(Path.of("/usr/bin/nice"))) {
            command.addAll(List.of("/usr/bin/nice", "-n", Integer.toString(profile.nice())));
        }
        command.add(javaExecutable());
        command.add("-Xmx" + profile.heap());
        command.addAll(jvmFlags());
        command.add("-DDJL_CACHE_DIR=" + properties.djlCacheDir());
        command.add("-Dlogback.configurationFile=training-child-logback.xml");
        command.addAll(classArchive.optionsFor(archivedJars));
        command.addAll(classPathAndMain);
        command.add(argument);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        Map<String, String> env = builder.environment();
        env.put("OPT_OUT_TRACKING", "true");
        env.put("DJL_CACHE_DIR", properties.djlCacheDir().toString());
        addNativeSettings(env, mklPreload());
        // the profile fixes the GPU before a job is known (a warm process has none yet)
        TrainingEnvironment.addTo(env, NativeLibraries.ofThisNode(), profile.gpu() == null ? "auto" : "cuda:" + profile.gpu());
        return builder;
    }

    /**
     * Adds a training process's native settings to its environment {@code env}: the allocator settings (unless set
     * already) and, where given, the library of {@link MklKernelChoice} to what it preloads anyway.
     */
    public static void addNativeSettings(Map<String, String> env, Optional<Path> mklPreload) {
        env.putIfAbsent("GLIBC_TUNABLES", ALLOCATOR_TUNABLES);
        mklPreload.ifPresent(library -> env.put("LD_PRELOAD", MklKernelChoice.withPreload(env.get("LD_PRELOAD"),
                library)));
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static boolean isPackaged(String classPath) {
        return !classPath.contains(File.pathSeparator) && classPath.endsWith(".jar") && isBootJar(classPath);
    }

    private static boolean isBootJar(String jar) {
        try (JarFile file = new JarFile(jar)) {
            return file.getEntry("BOOT-INF/") != null || file.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
