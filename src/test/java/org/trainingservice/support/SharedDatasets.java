package org.trainingservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real public datasets beside the project ({@code ../shared/datasets}), read in place, never copied. */
public final class SharedDatasets {

    private SharedDatasets() {
    }

    public static Path folder() {
        String configured = System.getProperty("training.shared-datasets");
        return configured != null ? Path.of(configured) : Path.of("..", "shared", "datasets");
    }

    public static byte[] read(String relative) {
        try {
            return Files.readAllBytes(folder().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("shared dataset missing: " + folder().resolve(relative), e);
        }
    }
}
