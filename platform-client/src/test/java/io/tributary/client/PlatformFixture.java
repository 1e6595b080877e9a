package io.tributary.client;

import io.tributary.platform.PlatformApplication;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.StoredRecord;
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
    private final boolean autoCreateTopics;
    private int port;
    private ConfigurableApplicationContext context;

    private PlatformFixture(boolean autoCreateTopics) {
        try {
            this.dataDir = Files.createTempDirectory("tributary-client-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.autoCreateTopics = autoCreateTopics;
        this.context = run(0);
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static PlatformFixture shared;

    static PlatformFixture start(boolean autoCreateTopics) {
        return new PlatformFixture(autoCreateTopics);
    }

    /**
     * One platform for all test classes of this module (they use their own topic names), started on first use
     * and stopped when the JVM exits; saves a platform start per class.
     */
    static synchronized PlatformFixture shared() {
        if (shared == null) {
            shared = start(false);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** Stops the platform (its port refuses connections until {@link #restart()}). */
    void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Starts the platform again on the same port and data. */
    void restart() {
        stop();
        context = run(port);
    }

    /** Every record of a partition, read from the log itself. */
    List<StoredRecord> read(String topic, int partition) {
        PartitionLog log = context.getBean(LogStore.class).requireTopic(topic).partition(partition);
        List<StoredRecord> all = new ArrayList<>();
        long offset = log.beginningOffset();
        while (offset < log.endOffset()) {
            List<StoredRecord> batch = log.read(offset, 10_000, Long.MAX_VALUE);
            all.addAll(batch);
            offset = batch.get(batch.size() - 1).offset() + 1;
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
                        "--tributary.platform.topics.auto-create=" + autoCreateTopics,
                        "--spring.main.banner-mode=off",
                        "--spring.main.register-shutdown-hook=false",
                        "--logging.level.io.tributary.platform=WARN",
                        "--logging.level.org.springframework=WARN",
                        "--logging.level.org.apache=WARN");
    }
}
