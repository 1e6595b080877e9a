package io.tributary.outbox;

import io.tributary.platform.PlatformApplication;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.StoredRecord;
import io.tributary.platform.log.TopicLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * Test fixture: the real platform, in-process, on a random port with its data in a fresh folder; it can be
 * stopped and started again on the same port and data, as a platform restart.
 */
final class PlatformFixture implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private volatile ConfigurableApplicationContext context;

    private PlatformFixture() {
        try {
            this.dataDir = Files.createTempDirectory("tributary-relay-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.context = run(0);
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static PlatformFixture shared;

    static PlatformFixture start() {
        return new PlatformFixture();
    }

    /**
     * One platform for all test classes of this module (they use their own topic names), started on first use
     * and stopped when the JVM exits; saves a platform start per class.
     */
    static synchronized PlatformFixture shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the platform: its port refuses connections until {@link #restart()}. */
    synchronized void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Starts the platform again on the same port and data. */
    synchronized void restart() {
        stop();
        context = run(port);
    }

    /** Every record of every partition of the topic, in partition then offset order, read from the log itself. */
    List<StoredRecord> read(String topic) {
        LogStore store = context.getBean(LogStore.class);
        TopicLog log = store.topic(topic).orElse(null);
        List<StoredRecord> all = new ArrayList<>();
        if (log == null) {
            return all;
        }
        for (PartitionLog partition : log.partitions()) {
            long offset = partition.beginningOffset();
            while (offset < partition.endOffset()) {
                List<StoredRecord> batch = partition.read(offset, 10_000, Long.MAX_VALUE);
                all.addAll(batch);
                offset = batch.get(batch.size() - 1).offset() + 1;
            }
        }
        return all;
    }

    @Override
    public void close() {
        stop();
        FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    private ConfigurableApplicationContext run(int port) {
        // Command-line arguments, not default properties: the platform's application.yml must not override them.
        return new SpringApplicationBuilder(PlatformApplication.class)
                .run("--server.port=" + port,
                        "--tributary.platform.data-dir=" + dataDir,
                        "--tributary.platform.topics.auto-create=true",
                        // The relay's JDBC and auto-configuration are on this classpath; the platform uses neither.
                        "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                        "--tributary.outbox.enabled=false",
                        "--spring.main.banner-mode=off",
                        "--spring.main.register-shutdown-hook=false",
                        "--logging.level.io.tributary.platform=WARN",
                        "--logging.level.org.springframework=WARN",
                        "--logging.level.org.apache=WARN",
                        "--logging.level.org.springdoc=ERROR");
    }
}
