package io.tributary.benchmarks.http;

import io.tributary.benchmarks.BenchEnvironment;
import io.tributary.benchmarks.ProcessMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform as users run it: {@code java <Chronicle flags> -jar platform-service-*-exec.jar} (or the extracted
 * jar with its {@link ClassDataArchive}, as deploy/ runs it) in a child process on a free loopback port, so its CPU,
 * threads and resident memory are its own. Start-up is timed from process launch to the first 204 of {@code GET /ready}.
 */
public final class PlatformServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final double startupSeconds;
    private final double startupCpuSeconds;
    private final Path log;

    private PlatformServer(Process process, int port, double startupSeconds, double startupCpuSeconds, Path log) {
        this.process = process;
        this.port = port;
        this.startupSeconds = startupSeconds;
        this.startupCpuSeconds = startupCpuSeconds;
        this.log = log;
    }

    /**
     * @param javaHome  the JDK that runs the platform
     * @param jvmFlags  extra JVM flags (e.g. a JFR recording); the Chronicle flags are always added
     * @param args      extra Spring Boot arguments ({@code --name=value})
     */
    public static PlatformServer start(BenchEnvironment env, Path javaHome, Path dataDir, Path logDir, List<String> jvmFlags,
            List<String> args) {
        return start(env, javaHome, env.platformExecJar(), dataDir, logDir, jvmFlags, args);
    }

    /** As {@link #start(BenchEnvironment, Path, Path, Path, List, List)} with another build's exec jar (e.g. a baseline). */
    public static PlatformServer start(BenchEnvironment env, Path javaHome, Path jar, Path dataDir, Path logDir, List<String> jvmFlags,
            List<String> args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Platform jar " + jar + " is missing: run ./mvnw -pl benchmarks -am package -DskipTests");
        }
        return start(env, javaHome, jar, dataDir, logDir, jvmFlags, args);
    }

    /** As {@link #start(BenchEnvironment, Path, Path, Path, List, List)}, with another jar (e.g. {@link ClassDataArchive#jar()}). */
    public static PlatformServer start(BenchEnvironment env, Path javaHome, Path jar, Path dataDir, Path logDir, List<String> jvmFlags,
            List<String> args) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(BenchEnvironment.javaLauncher(javaHome).toString());
        command.addAll(env.chronicleFlags(BenchEnvironment.featureVersion(javaHome)));
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--tributary.platform.data-dir=" + dataDir.toAbsolutePath());
        command.addAll(args);
        Path log = logDir.resolve("platform-" + port + ".log");
        try {
            Files.createDirectories(logDir);
            long launched = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitReady(process, port, log);
            double seconds = (System.nanoTime() - launched) / 1e9;
            double cpuSeconds = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
            return new PlatformServer(process, port, seconds, cpuSeconds, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(Process process, int port, Path log) {
        byte[] ready = Requests.get("/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Platform exited with " + process.exitValue() + "; see " + log);
            }
            try (HttpConnection connection = HttpConnection.open("127.0.0.1", port)) {
                if (connection.exchange(ready, false).status() == 204) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Platform not ready within 120 s; see " + log);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public double startupSeconds() {
        return startupSeconds;
    }

    /** CPU time (all threads: JIT, GC, ...) the process used from launch to ready; NaN where the OS does not tell. */
    public double startupCpuSeconds() {
        return startupCpuSeconds;
    }

    public Path log() {
        return log;
    }

    public ProcessMemory memory() {
        return ProcessMemory.of(process.pid());
    }

    public PlatformApi api() {
        return new PlatformApi(port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits a little, for memory to settle or a process to calm down (not synchronisation). */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
