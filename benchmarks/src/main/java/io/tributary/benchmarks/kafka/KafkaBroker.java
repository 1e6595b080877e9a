package io.tributary.benchmarks.kafka;

import io.tributary.benchmarks.BenchEnvironment;
import io.tributary.benchmarks.ProcessMemory;
import io.tributary.benchmarks.http.PlatformServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * Apache Kafka (the {@code kafka_2.13} jar from Maven Central) as a single combined broker + controller
 * in KRaft mode, in a child process on loopback: storage formatted with a random cluster id, listeners on
 * free ports, Kafka's own start script defaults for heap (1 GiB) and GC (G1, 20 ms pause goal).
 */
public final class KafkaBroker implements AutoCloseable {

    private final Process process;
    private final String bootstrap;
    private final double startupSeconds;
    private final Path log;

    private KafkaBroker(Process process, String bootstrap, double startupSeconds, Path log) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.startupSeconds = startupSeconds;
        this.log = log;
    }

    public static KafkaBroker start(Path javaHome, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int brokerPort = PlatformServer.freePort();
        int controllerPort = PlatformServer.freePort();
        Properties config = new Properties();
        config.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("data").toAbsolutePath().toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        Path properties = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(properties)) {
            config.store(out, "Tributary benchmark reference broker");
        }
        Path log = dir.resolve("kafka.log");
        String clusterId = Uuid.randomUuid().toString();
        Process format = java(javaHome, log, List.of("-Xmx256m"), "kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                properties.toString());
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("kafka-storage format failed; see " + log);
        }
        long launched = System.nanoTime();
        Process broker = java(javaHome, log, List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35", "-Djava.awt.headless=true"), "kafka.Kafka", properties.toString());
        String bootstrap = "127.0.0.1:" + brokerPort;
        awaitReady(broker, bootstrap, log);
        return new KafkaBroker(broker, bootstrap, (System.nanoTime() - launched) / 1e9, log);
    }

    private static Process java(Path javaHome, Path log, List<String> jvm, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(BenchEnvironment.javaLauncher(javaHome).toString());
        command.addAll(jvm);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void awaitReady(Process broker, String bootstrap, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + broker.exitValue() + "; see " + log);
            }
            try (Admin admin = admin(bootstrap)) {
                if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                Thread.sleep(50);
            }
        }
        broker.destroyForcibly();
        throw new IllegalStateException("Kafka broker not ready within 120 s; see " + log);
    }

    static Admin admin(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return Admin.create(properties);
    }

    public void createTopic(String name, int partitions) {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topic " + name, e);
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public double startupSeconds() {
        return startupSeconds;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessMemory memory() {
        return ProcessMemory.of(process.pid());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps the broker's log beside the platform logs, then deletes the broker's folder. */
    static void deleteQuietly(Path dir, Path logDir) {
        try {
            Path log = dir.resolve("kafka.log");
            if (Files.exists(log)) {
                Files.createDirectories(logDir);
                Files.copy(log, logDir.resolve("kafka-" + dir.getFileName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // only a log
        }
        try {
            io.tributary.benchmarks.engine.TempDirs.delete(dir);
        } catch (UncheckedIOException e) {
            // scratch space; the next run starts in a new folder anyway
        }
    }
}
