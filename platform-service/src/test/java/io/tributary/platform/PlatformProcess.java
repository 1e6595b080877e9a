package io.tributary.platform;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: the platform running as a child JVM (the test's classpath and the Chronicle JVM flags of
 * the test JVM) on a free port with a given data directory, so tests can {@link #kill()} it with SIGKILL
 * and {@link #restart()} it on the same port and data. Output goes to {@code target/platform-<port>.log}.
 */
public final class PlatformProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final List<String> extraArgs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private PlatformProcess(Path dataDir, int port, List<String> extraArgs) {
        this.dataDir = dataDir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /**
     * Starts the platform and waits until {@code /ready} answers.
     *
     * @param extraArgs Spring Boot arguments such as {@code --tributary.platform.topics.auto-create=true}
     */
    public static PlatformProcess start(Path dataDir, String... extraArgs) {
        PlatformProcess platform = new PlatformProcess(dataDir, freePort(), List.of(extraArgs));
        platform.launch();
        return platform;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Sends SIGKILL (no shutdown hooks, no flush) and waits for the process to be gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process if it runs, then starts it again on the same port and data directory. */
    public PlatformProcess restart() {
        kill();
        launch();
        return this;
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PlatformApplication.class.getName());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--tributary.platform.data-dir=" + dataDir.toAbsolutePath());
        command.addAll(extraArgs);
        Path log = Path.of("target", "platform-" + port + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("platform on port " + port + " ready (log: " + log + ")")
                // Generous: a child JVM on this 2-core machine has taken 100 s to start while other builds ran.
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Platform exited with " + process.exitValue() + "; see " + log);
                    }
                    return ready();
                });
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(baseUri().resolve("/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Chronicle flags this test JVM got from the build (--add-opens, --add-exports, -Dchronicle...). */
    private static List<String> jvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-Dchronicle")
                        || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc"))
                .toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
