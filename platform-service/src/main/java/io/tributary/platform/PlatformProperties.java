package io.tributary.platform;

import io.tributary.platform.log.FlushPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the platform service ({@code tributary.platform.*}); defaults are documented in
 * application.yml and the README's configuration table.
 *
 * @param dataDir                 where topics are stored; created if missing
 * @param flush                   {@code never}: acknowledge once in the memory-mapped file (survives kill -9);
 *                                {@code always}: fsync before acknowledging (survives power loss, much slower)
 * @param retentionCheckInterval  how often retention looks for files to delete
 * @param maxRequestSize          largest request body accepted (413 beyond)
 * @param minFreeSpace            appends are refused (507) rather than leave less free disk space under dataDir: a
 *                                write into a memory-mapped page of a full disk cannot fail cleanly; 0B checks nothing
 * @param topics                  topic defaults and auto-creation
 * @param consumers               consumer instance limits and timeouts
 * @param producers               idempotent-producer state
 */
@Validated
@ConfigurationProperties("tributary.platform")
public record PlatformProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @NotNull @DefaultValue("never") FlushPolicy flush,
        @NotNull @DefaultValue("1m") Duration retentionCheckInterval,
        @NotNull @DefaultValue("16MB") DataSize maxRequestSize,
        @NotNull @DefaultValue("256MB") DataSize minFreeSpace,
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue Consumers consumers,
        @Valid @NotNull @DefaultValue Producers producers) {

    /**
     * @param autoCreate        create a topic on first produce to it (off by default, as a typo should be a 404)
     * @param defaultPartitions partitions of auto-created topics and of created topics that name none
     * @param maxPartitions     upper bound on a topic's partitions
     */
    public record Topics(
            @DefaultValue("false") boolean autoCreate,
            @Min(1) @Max(10_000) @DefaultValue("1") int defaultPartitions,
            @Min(1) @Max(10_000) @DefaultValue("1000") int maxPartitions) {
    }

    /**
     * @param instanceTimeout      a consumer instance that makes no request for this long is expired
     * @param maxInstances         consumer instances across the platform (429 beyond)
     * @param maxInstancesPerGroup consumer instances in one group (429 beyond)
     * @param maxFetchRecords      records in one fetch answer at most; {@code max_bytes} (default 64 MiB) is
     *                             usually the tighter bound. Small records need large answers to be fetched fast.
     */
    public record Consumers(
            @NotNull @DefaultValue("300s") Duration instanceTimeout,
            @Min(1) @DefaultValue("10000") int maxInstances,
            @Min(1) @DefaultValue("1000") int maxInstancesPerGroup,
            @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxFetchRecords) {
    }

    /**
     * @param expiration a producer id unused for this long is forgotten (its retries are then appended again);
     *                   also how far back the log is scanned at startup to rebuild de-duplication state
     */
    public record Producers(@NotNull @DefaultValue("24h") Duration expiration) {
    }
}
