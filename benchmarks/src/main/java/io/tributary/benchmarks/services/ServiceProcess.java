package io.tributary.benchmarks.services;

import io.tributary.benchmarks.BenchEnvironment;
import io.tributary.benchmarks.http.HttpConnection;
import io.tributary.benchmarks.http.PlatformServer;
import io.tributary.benchmarks.http.Requests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot service (the outbox relay, order-sample, payment-sample) as users run it: {@code java -jar
 * <name>-exec.jar --server.port=<free port> ...} in a child process with its log in a file. {@link #close()}
 * stops it with SIGTERM (Spring's graceful shutdown), as {@code deploy/run-local.sh stop} does.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final long launchedNanos;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, long launchedNanos, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.launchedNanos = launchedNanos;
        this.log = log;
    }

    /**
     * Launches the jar and returns at once; see {@link #awaitReady(String)}.
     *
     * @param jvmFlags flags for the JVM (before {@code -jar})
     * @param args     Spring Boot arguments ({@code --name=value}) after the port and address
     */
    public static ServiceProcess launch(String name, Path jar, Path javaHome, List<String> jvmFlags, Path logDir, List<String> args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " jar " + jar + " is missing: run ./mvnw -pl benchmarks -am package -DskipTests");
        }
        int port = PlatformServer.freePort();
        List<String> command = new ArrayList<>();
        command.add(BenchEnvironment.javaLauncher(javaHome).toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.addAll(args);
        Path log = logDir.resolve(name + "-" + port + ".log");
        try {
            Files.createDirectories(logDir);
            long launched = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ServiceProcess(name, process, port, launched, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Spring Boot service with its readiness probe on (as {@code deploy/run-local.sh} runs the services); see {@link #awaitReady()}. */
    public static ServiceProcess launch(String name, Path jar, Path javaHome, Path logDir, List<String> args) {
        List<String> withProbes = new ArrayList<>(args);
        withProbes.add("--management.endpoint.health.probes.enabled=true");
        return launch(name, jar, javaHome, List.of(), logDir, withProbes);
    }

    /** Launches the jar and waits until its readiness probe answers 2xx. */
    public static ServiceProcess start(String name, Path jar, Path javaHome, Path logDir, List<String> args) {
        ServiceProcess service = launch(name, jar, javaHome, logDir, args);
        try {
            service.awaitReady();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** Waits until the readiness probe ({@code /actuator/health/readiness}) answers 2xx. */
    public void awaitReady() {
        awaitReady("/actuator/health/readiness");
    }

    /** Waits (up to 3 minutes: five JVMs may be starting on 2 cores) until {@code GET path} answers 2xx. */
    public void awaitReady(String path) {
        byte[] ready = Requests.get(path);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try (HttpConnection connection = HttpConnection.open("127.0.0.1", port)) {
                if (connection.exchange(ready, false).ok()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            PlatformServer.pause(Duration.ofMillis(20));
        }
        throw new IllegalStateException(name + " not ready within 3 minutes; see " + log);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} when the process was launched. */
    public long launchedNanos() {
        return launchedNanos;
    }

    public Path log() {
        return log;
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
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
}
