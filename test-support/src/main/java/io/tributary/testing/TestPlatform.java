package io.tributary.testing;

import io.tributary.platform.PlatformApplication;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.RecordHeader;
import io.tributary.platform.log.StoredRecord;
import io.tributary.platform.log.TopicLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * Test fixture: the real platform, in-process, on a free port with its data in a fresh folder deleted on close.
 * It can be stopped and started again on the same port and data, as a platform restart.
 */
public final class TestPlatform implements AutoCloseable {

    /**
     * Settings every test platform runs with unless a test names them: quiet logs, and instances of a crashed test
     * client expire after a minute, so its partitions are not held for the default 5 minutes.
     */
    private static final Map<String, String> DEFAULTS = Map.of(
            "tributary.platform.consumers.instance-timeout", "60s",
            "spring.main.banner-mode", "off",
            "spring.main.register-shutdown-hook", "false",
            "logging.level.io.tributary.platform", "WARN",
            "logging.level.org.springframework", "WARN",
            "logging.level.org.apache", "WARN",
            "logging.level.org.springdoc", "ERROR");

    private static @Nullable TestPlatform shared;

    private final Path dataDir;
    private final Map<String, String> settings;
    private final int port;
    private volatile @Nullable ConfigurableApplicationContext context;

    private TestPlatform(Map<String, String> settings) {
        try {
            this.dataDir = Files.createTempDirectory("tributary-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.settings = Map.copyOf(settings);
        ConfigurableApplicationContext started = run(0);
        this.context = started;
        this.port = ((WebServerApplicationContext) started).getWebServer().getPort();
    }

    /** A platform with the defaults (topics are not created on first produce, as in production). */
    public static TestPlatform start() {
        return start(Map.of());
    }

    /**
     * A platform with these settings added to (or replacing) the defaults.
     *
     * @param settings property names (without {@code --}) and values, e.g. {@code tributary.platform.topics.auto-create=true}
     */
    public static TestPlatform start(Map<String, String> settings) {
        return new TestPlatform(settings);
    }

    /** {@link #shared(Map)} with the defaults. */
    public static TestPlatform shared() {
        return shared(Map.of());
    }

    /**
     * One platform for all test classes of a test JVM (they use their own topic names), started on first use and
     * stopped when the JVM exits: saves a platform start per class. Every caller must ask for the same settings.
     */
    public static synchronized TestPlatform shared(Map<String, String> settings) {
        if (shared == null) {
            TestPlatform started = start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            shared = started;
        } else if (!shared.settings.equals(Map.copyOf(settings))) {
            throw new IllegalStateException("The shared test platform runs with " + shared.settings + ", not " + settings);
        }
        return shared;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Stops the platform: its port refuses connections until {@link #restart()}. */
    public synchronized void stop() {
        ConfigurableApplicationContext running = context;
        if (running != null) {
            running.close();
            context = null;
        }
    }

    /** Starts the platform again on the same port and data. */
    public synchronized void restart() {
        stop();
        context = run(port);
    }

    /** Every record of one partition, read from the log itself. */
    public List<StoredRecord> read(String topic, int partition) {
        return readAll(logStore().requireTopic(topic).partition(partition));
    }

    /** Every record of the topic, partition by partition, read from the log itself; none if there is no such topic. */
    public List<TopicRecord> read(String topic) {
        TopicLog log = logStore().topic(topic).orElse(null);
        List<TopicRecord> all = new ArrayList<>();
        if (log == null) {
            return all;
        }
        List<? extends PartitionLog> partitions = log.partitions();
        for (int p = 0; p < partitions.size(); p++) {
            for (StoredRecord record : readAll(partitions.get(p))) {
                all.add(TopicRecord.of(p, record));
            }
        }
        return all;
    }

    @Override
    public void close() {
        stop();
        FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    private LogStore logStore() {
        ConfigurableApplicationContext running = context;
        if (running == null) {
            throw new IllegalStateException("The test platform is stopped");
        }
        return running.getBean(LogStore.class);
    }

    private static List<StoredRecord> readAll(PartitionLog partition) {
        List<StoredRecord> all = new ArrayList<>();
        long offset = partition.beginningOffset();
        while (offset < partition.endOffset()) {
            List<StoredRecord> batch = partition.read(offset, 10_000, Long.MAX_VALUE);
            all.addAll(batch);
            offset = batch.get(batch.size() - 1).offset() + 1;
        }
        return all;
    }

    private ConfigurableApplicationContext run(int serverPort) {
        Map<String, String> effective = new LinkedHashMap<>(DEFAULTS);
        effective.putAll(settings);
        effective.put("server.port", Integer.toString(serverPort));
        effective.put("tributary.platform.data-dir", dataDir.toString());
        // The JDBC and outbox auto-configurations of the relay and the samples may be on the classpath; the platform uses neither.
        effective.put("spring.autoconfigure.exclude", "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
        effective.put("tributary.outbox.enabled", "false");
        // Command-line arguments, not default properties: the platform's application.yml must not override them.
        String[] args = effective.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(PlatformApplication.class).run(args);
    }

    /** A record as stored: partition, offset, key, value and headers (the last value per name) as UTF-8 text. */
    public record TopicRecord(int partition, long offset, @Nullable String key, @Nullable String value, Map<String, String> headers) {

        public static TopicRecord of(int partition, StoredRecord record) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (RecordHeader header : record.headers()) {
                headers.put(header.name(), new String(header.value(), StandardCharsets.UTF_8));
            }
            return new TopicRecord(partition, record.offset(), text(record.key()), text(record.value()), headers);
        }

        private static @Nullable String text(byte @Nullable [] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
