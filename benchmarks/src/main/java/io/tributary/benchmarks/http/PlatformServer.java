package io.tributary.benchmarks.http;

import io.tributary.benchmarks.BenchEnvironment;
import io.tributary.benchmarks.ProcessMemory;
import io.tributary.benchmarks.services.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform as users run it: {@code java <Chronicle flags> -jar platform-service-*-exec.jar} (or the extracted
 * jar with its {@link ClassDataArchive}, as deploy/ runs it, or an earlier build's jar) in a child process on a free
 * loopback port, so its CPU, threads and resident memory are its own. Start-up is timed from process launch to the
 * first 204 of {@code GET /ready}.
 */
public final class PlatformServer implements AutoCloseable {

    private final ServiceProcess process;
    private final double startupSeconds;
    private final double startupCpuSeconds;

    private PlatformServer(ServiceProcess process, double startupSeconds, double startupCpuSeconds) {
        this.process = process;
        this.startupSeconds = startupSeconds;
        this.startupCpuSeconds = startupCpuSeconds;
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

    /**
     * As {@link #start(BenchEnvironment, Path, Path, Path, List, List)}, with another jar ({@link ClassDataArchive#jar()},
     * or a baseline build's exec jar).
     */
    public static PlatformServer start(BenchEnvironment env, Path javaHome, Path jar, Path dataDir, Path logDir, List<String> jvmFlags,
            List<String> args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Platform jar " + jar + " is missing: run ./mvnw -pl benchmarks -am package -DskipTests");
        }
        List<String> flags = new ArrayList<>(env.chronicleFlags(BenchEnvironment.featureVersion(javaHome)));
        flags.addAll(jvmFlags);
        List<String> arguments = new ArrayList<>();
        arguments.add("--tributary.platform.data-dir=" + dataDir.toAbsolutePath());
        arguments.addAll(args);
        ServiceProcess process = ServiceProcess.launch("platform", jar, javaHome, flags, logDir, arguments);
        try {
            process.awaitReady("/ready");
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        double seconds = (System.nanoTime() - process.launchedNanos()) / 1e9;
        double cpuSeconds = ProcessHandle.of(process.pid()).flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        return new PlatformServer(process, seconds, cpuSeconds);
    }

    public int port() {
        return process.port();
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
        return process.log();
    }

    public ProcessMemory memory() {
        return ProcessMemory.of(process.pid());
    }

    public PlatformApi api() {
        return new PlatformApi(port());
    }

    @Override
    public void close() {
        process.close();
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
