package io.tributary.samples.testing;

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

/** Test fixture: the real platform in-process on a random port, its data in a fresh folder deleted on close. */
public final class TestPlatform implements AutoCloseable {

    private final Path dataDir;
    private final ConfigurableApplicationContext context;

    public TestPlatform() {
        try {
            dataDir = Files.createTempDirectory("tributary-samples-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Command-line arguments, so the platform's application.yml cannot override them.
        context = new SpringApplicationBuilder(PlatformApplication.class).run(
                "--server.port=0",
                "--tributary.platform.data-dir=" + dataDir,
                // Instances of a crashed service expire soon, so its partitions are not held for the default 5 minutes.
                "--tributary.platform.consumers.instance-timeout=60s",
                // The samples' JDBC, JPA, Flyway and outbox auto-configurations are on this classpath; the platform uses none.
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "--tributary.outbox.enabled=false",
                "--spring.main.banner-mode=off",
                "--spring.main.register-shutdown-hook=false",
                "--logging.level.io.tributary.platform=WARN",
                "--logging.level.org.springframework=WARN",
                "--logging.level.org.springdoc=ERROR");
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** Every record of the topic, partition by partition, read from the log itself. */
    public List<TopicRecord> read(String topic) {
        TopicLog log = context.getBean(LogStore.class).topic(topic).orElse(null);
        List<TopicRecord> all = new ArrayList<>();
        if (log == null) {
            return all;
        }
        List<? extends PartitionLog> partitions = log.partitions();
        for (int p = 0; p < partitions.size(); p++) {
            PartitionLog partition = partitions.get(p);
            long offset = partition.beginningOffset();
            while (offset < partition.endOffset()) {
                List<StoredRecord> batch = partition.read(offset, 10_000, Long.MAX_VALUE);
                for (StoredRecord record : batch) {
                    all.add(TopicRecord.of(p, record));
                }
                offset = batch.get(batch.size() - 1).offset() + 1;
            }
        }
        return all;
    }

    @Override
    public void close() {
        context.close();
        FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    /** A record as stored: partition, offset, key, value and headers as UTF-8 text. */
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
