package org.trainingservice.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * This machine's processor as {@code /proc/cpuinfo} describes its first core: who made it and which instruction
 * set extensions it reports. Empty where that file cannot be read (not Linux).
 *
 * @param vendor {@code vendor_id}, such as {@code AuthenticAMD} or {@code GenuineIntel}
 * @param flags the {@code flags} line's words, such as {@code avx2} and {@code avx512f}
 */
public record Processor(String vendor, Set<String> flags) {

    public Processor {
        flags = Set.copyOf(flags);
    }

    /** Reads the first core's block only: every fit reads this, and a many-core machine's file runs to megabytes. */
    public static Processor ofThisMachine() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return fromCpuInfo(lines.takeWhile(line -> !line.isBlank()).toList());
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return new Processor("", Set.of());
        }
    }

    static Processor fromCpuInfo(List<String> lines) {
        return new Processor(field(lines, "vendor_id"), Arrays.stream(field(lines, "flags").split("\\s+"))
                .filter(flag -> !flag.isEmpty()).collect(Collectors.toSet()));
    }

    private static String field(List<String> lines, String name) {
        return lines.stream()
                .filter(line -> line.startsWith(name) && line.indexOf(':') > 0
                        && line.substring(0, line.indexOf(':')).trim().equals(name))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("");
    }

    public boolean isAmd() {
        return vendor.equals("AuthenticAMD");
    }

    public boolean isIntel() {
        return vendor.equals("GenuineIntel");
    }

    public boolean hasAvx512() {
        return flags.contains("avx512f");
    }
}
