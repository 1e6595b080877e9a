package io.tributary.benchmarks.http;

import io.tributary.benchmarks.BenchEnvironment;
import io.tributary.benchmarks.engine.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform as deploy/ starts it (the image and {@code deploy/run-local.sh}): the exec jar extracted into its
 * application jar and {@code lib/} (the JVM archives classes only from a plain class path), started from a class
 * data archive that a training run made: the application context started once on a throw-away data directory,
 * exiting when it is refreshed. On JDK 25+ a JDK AOT cache, before a dynamic CDS archive.
 *
 * @param jar             the extracted application jar, to run with {@code -jar}
 * @param jvmFlags        the flag that starts from the archive
 * @param kind            what the archive is, for the report
 * @param trainingSeconds how long the training run took, once
 */
public record ClassDataArchive(Path jar, List<String> jvmFlags, String kind, double trainingSeconds) {

    /** Extracts the platform jar into {@code dir} (emptied first) and makes the archive there. */
    public static ClassDataArchive prepare(BenchEnvironment env, Path javaHome, Path dir, Path logDir) {
        Path execJar = env.platformExecJar();
        boolean aotCache = BenchEnvironment.featureVersion(javaHome) >= 25;
        Path archive = dir.resolve(aotCache ? "platform.aot" : "platform.jsa");
        String java = BenchEnvironment.javaLauncher(javaHome).toString();
        TempDirs.delete(dir);
        try {
            Files.createDirectories(dir);
            Files.createDirectories(logDir);
            run(List.of(java, "-Djarmode=tools", "-jar", execJar.toString(), "extract", "--destination", dir.toString()),
                    logDir.resolve("extract.log"));
            Path jar = dir.resolve(execJar.getFileName());
            List<String> training = new ArrayList<>();
            training.add(java);
            training.addAll(env.chronicleFlags(BenchEnvironment.featureVersion(javaHome)));
            training.add((aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive);
            training.add("-Dspring.context.exit=onRefresh");
            training.addAll(List.of("-jar", jar.toString(), "--tributary.platform.data-dir=" + dir.resolve("training"), "--server.port=0"));
            long started = System.nanoTime();
            run(training, logDir.resolve("training.log"));
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("The training run made no " + archive + "; see " + logDir.resolve("training.log"));
            }
            TempDirs.delete(dir.resolve("training"));
            return new ClassDataArchive(jar, List.of((aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive),
                    aotCache ? "JDK AOT cache" : "dynamic CDS archive", seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command) + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Exit " + process.exitValue() + ": " + String.join(" ", command) + "; see " + log);
        }
    }
}
