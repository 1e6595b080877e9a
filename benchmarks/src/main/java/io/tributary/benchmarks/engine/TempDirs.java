package io.tributary.benchmarks.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders for benchmark files, deleted after each use. */
public final class TempDirs {

    private TempDirs() {
    }

    public static Path create(String prefix) throws IOException {
        String base = System.getProperty("tributary.bench.tmp");
        return base == null ? Files.createTempDirectory("tributary-" + prefix)
                : Files.createTempDirectory(Files.createDirectories(Path.of(base)), prefix);
    }

    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
