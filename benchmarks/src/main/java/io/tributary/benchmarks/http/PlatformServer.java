package io.tributary.benchmarks.http;

import io.tributary.benchmarks.BenchEnvironment;
import io.tributary.benchmarks.ProcessMemory;
import io.tributary.benchmarks.services.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform as users run it: {@code java <Chronicle flags> -jar platform-service-*-exec.jar} in a child
 * process on a free loopback port, so its CPU, threads and resident memory are its own. Start-up is timed
 * from process launch to the first 204 of {@code GET /ready}.
 */
public final class PlatformServer implements AutoCloseable {

    private final ServiceProcess process;
    private final double startupSeconds;

    private PlatformServer(ServiceProcess process, double startupSeconds) {
        this.process = process;
        this.startupSeconds = startupSeconds;
    }

    /**
     * @param javaHome  the JDK that runs the platform
     * @param jvmFlags  extra JVM flags (e.g. a JFR recording); the Chronicle flags are always added
     * @param args      extra Spring Boot arguments ({@code --name=value})
     */
    public static PlatformServer start(BenchEnvironment env, Path javaHome, Path dataDir, Path logDir, List<String> jvmFlags,
            List<String> args) {
        Path jar = env.platformExecJar();
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
        return new PlatformServer(process, (System.nanoTime() - process.launchedNanos()) / 1e9);
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
