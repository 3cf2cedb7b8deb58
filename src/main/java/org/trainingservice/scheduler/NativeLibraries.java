package org.trainingservice.scheduler;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which PyTorch natives this node's training processes load, and what their environment needs for that.
 *
 * <p>DJL 0.36 ({@code ai.djl.pytorch.jni.LibUtils}) looks at {@code PYTORCH_LIBRARY_PATH} first and takes it when the
 * folder holds {@code libtorch.so}; it then picks its JNI glue by {@code PYTORCH_FLAVOR} and {@code PYTORCH_VERSION}
 * (without them it guesses {@code cpu-precxx11} or {@code cu128-precxx11}, which the 2.7.1 JNI jar does not carry).
 * When the folder holds no {@code libtorch.so} it silently falls back to the natives jar on the class path, which on
 * this build is the CPU one: that is how a CPU jar shadows a local CUDA libtorch. So the node checks the folder itself
 * and hands {@code PYTORCH_LIBRARY_PATH} on only when DJL will really take it, and reports the fallback otherwise.
 */
sealed interface NativeLibraries {

    /** The only PyTorch version DJL 0.36's JNI jar has glue for. */
    String PYTORCH_VERSION = "2.7.1";
    /** The CUDA flavour of PyTorch 2.7.1 that DJL's JNI jar carries ({@code jnilib/linux-x86_64/cu128}). */
    String CUDA_FLAVOR = "cu128";

    /** {@code cpu} or a CUDA flavour such as {@code cu128}. */
    String flavor();

    /** Where the natives come from, in words for {@code GET /api/v1/nodes}. */
    String describe();

    default boolean cuda() {
        return flavor().startsWith("cu");
    }

    /** A {@code pytorch-native-*} jar on the class path (or inside the packaged Boot jar). */
    record Bundled(String artifact, String flavor) implements NativeLibraries {
        public String describe() {
            return artifact + " (class path)";
        }
    }

    /** A libtorch installed on the node, named by {@code PYTORCH_LIBRARY_PATH}. */
    record LocalLibtorch(Path folder, String flavor) implements NativeLibraries {
        public String describe() {
            return "libtorch at " + folder + " (PYTORCH_LIBRARY_PATH)";
        }
    }

    /** {@code PYTORCH_LIBRARY_PATH} is set but DJL would not take it, so the class-path natives serve instead. */
    record IgnoredLibraryPath(String path, NativeLibraries fallback) implements NativeLibraries {
        public String flavor() {
            return fallback.flavor();
        }

        public String describe() {
            return fallback.describe() + "; PYTORCH_LIBRARY_PATH=" + path + " ignored: it holds no libtorch.so";
        }
    }

    /** This node's natives: its own environment and class path. */
    static NativeLibraries ofThisNode() {
        return of(System.getenv(), System.getProperty("java.class.path", ""));
    }

    static NativeLibraries of(Map<String, String> env, String classPath) {
        NativeLibraries bundled = bundled(classPath);
        String path = env.get("PYTORCH_LIBRARY_PATH");
        if (path == null || path.isBlank()) {
            return bundled;
        }
        // DJL takes the first entry that holds libtorch.so (or is libtorch.so)
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry);
            Path folder = candidate.getFileName() != null && candidate.getFileName().toString().equals("libtorch.so")
                    ? candidate.getParent() : candidate;
            if (folder != null && Files.isRegularFile(folder.resolve("libtorch.so"))) {
                Path absolute = folder.toAbsolutePath();
                return new LocalLibtorch(absolute, Files.exists(absolute.resolve("libtorch_cuda.so")) ? CUDA_FLAVOR : "cpu");
            }
        }
        return new IgnoredLibraryPath(path, bundled);
    }

    private static NativeLibraries bundled(String classPath) {
        Pattern nativeJar = Pattern.compile("(pytorch-native-(cpu|cu\\d+))-" + Pattern.quote(PYTORCH_VERSION));
        for (String entry : classPath.split(File.pathSeparator)) {
            Matcher direct = nativeJar.matcher(Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString());
            if (direct.find()) {
                return new Bundled(direct.group(1), direct.group(2));
            }
            Optional<String> nested = nestedNativeJar(entry);
            if (nested.isPresent()) {
                Matcher inBoot = nativeJar.matcher(nested.get());
                if (inBoot.find()) {
                    return new Bundled(inBoot.group(1), inBoot.group(2));
                }
            }
        }
        return new Bundled("no pytorch-native jar", "cpu");
    }

    /** In the packaged Boot jar the natives jar is an entry under {@code BOOT-INF/lib/}. */
    private static Optional<String> nestedNativeJar(String entry) {
        if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
            return Optional.empty();
        }
        try (JarFile jar = new JarFile(entry); Stream<String> names = jar.stream().map(e -> e.getName())) {
            return names.filter(name -> name.startsWith("BOOT-INF/lib/pytorch-native-")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
