package io.tributary.platform.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A topic in {@code dataDir/<topic>/}: {@code topic.properties} ({@link TopicMetadata}) and one folder
 * per partition, {@code 0/}, {@code 1/}, ...
 *
 * <p>Thread-safe: admin changes (partitions, config, close) are serialised on this object; the
 * partition list and config are published as immutable values and read without locking.
 */
final class ChronicleTopicLog implements TopicLog {

    static final int MAX_PARTITIONS = 10_000;

    private final String name;
    private final Path dir;
    private final PartitionEnvironment environment;
    private volatile TopicConfig config;
    private volatile List<ChroniclePartitionLog> partitions = List.of();
    private boolean closed;

    private ChronicleTopicLog(String name, Path dir, TopicConfig config, PartitionEnvironment environment) {
        this.name = name;
        this.dir = dir;
        this.config = config;
        this.environment = environment;
    }

    /** Creates the folder, the partitions and then the metadata file (its presence marks a complete topic). */
    static ChronicleTopicLog create(String name, Path dir, int partitionCount, TopicConfig config, PartitionEnvironment environment) {
        requireValidCount(partitionCount);
        ChronicleTopicLog topic = new ChronicleTopicLog(name, dir, config, environment);
        try {
            topic.openPartitions(partitionCount);
            new TopicMetadata(partitionCount, config).write(dir);
        } catch (RuntimeException e) {
            topic.close();
            throw e;
        }
        return topic;
    }

    /**
     * Opens an existing topic from its metadata file and partition folders, each partition as its own task on
     * {@code executor} (so the partitions of many topics open side by side). The future fails with the first
     * partition's failure once every partition has finished opening; those that did open are closed then.
     */
    static CompletableFuture<ChronicleTopicLog> open(String name, Path dir, PartitionEnvironment environment, Executor executor) {
        return CompletableFuture.supplyAsync(() -> TopicMetadata.read(dir), executor).thenCompose(metadata -> {
            ChronicleTopicLog topic = new ChronicleTopicLog(name, dir, metadata.config(), environment);
            List<CompletableFuture<ChroniclePartitionLog>> opening = new ArrayList<>();
            for (int p = 0; p < metadata.partitions(); p++) {
                int partition = p;
                opening.add(CompletableFuture.supplyAsync(() -> topic.newPartition(partition), executor));
            }
            return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).handle((done, failure) -> {
                List<ChroniclePartitionLog> opened = opening.stream().filter(f -> !f.isCompletedExceptionally())
                        .map(CompletableFuture::join).toList();
                if (failure != null) {
                    opened.forEach(ChroniclePartitionLog::close);
                    throw failure instanceof CompletionException e ? e : new CompletionException(failure);
                }
                topic.partitions = opened;
                return topic;
            });
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TopicConfig config() {
        return config;
    }

    @Override
    public int partitionCount() {
        return partitions.size();
    }

    @Override
    public PartitionLog partition(int partition) {
        List<ChroniclePartitionLog> current = partitions;
        if (partition < 0 || partition >= current.size()) {
            throw new PartitionNotFoundException("Partition " + partition + " of topic " + name + " not found.");
        }
        return current.get(partition);
    }

    @Override
    public List<PartitionLog> partitions() {
        return List.copyOf(partitions);
    }

    List<ChroniclePartitionLog> partitionLogs() {
        return partitions;
    }

    @Override
    public synchronized void increasePartitions(int newCount) {
        ensureOpen();
        int current = partitions.size();
        if (newCount <= current) {
            throw new InvalidTopicConfigException("Topic " + name + " has " + current
                    + " partitions; the count can only grow, was asked for " + newCount);
        }
        requireValidCount(newCount);
        openPartitions(newCount);
        new TopicMetadata(newCount, config).write(dir);
    }

    @Override
    public synchronized void updateConfig(TopicConfig newConfig) {
        ensureOpen();
        if (newConfig.rollCycle() != config.rollCycle()) {
            // Chronicle fixes a queue's roll cycle when its first file is written.
            throw new InvalidTopicConfigException(TopicConfig.ROLL_CYCLE + " cannot be changed after the topic is created (is "
                    + config.asMap().get(TopicConfig.ROLL_CYCLE) + ")");
        }
        new TopicMetadata(partitions.size(), newConfig).write(dir);
        if (newConfig.maxMessageBytes() > config.maxMessageBytes()) {
            for (ChroniclePartitionLog partition : partitions) {
                partition.ensureCapacityFor(newConfig.maxMessageBytes());
            }
        }
        config = newConfig;
    }

    RetentionReport enforceRetention() {
        TopicConfig current = config;
        RetentionReport report = RetentionReport.NOTHING;
        for (ChroniclePartitionLog partition : partitions) {
            report = report.plus(partition.enforceRetention(current, environment.clock().millis()));
        }
        return report;
    }

    List<PartitionStats> stats() {
        List<PartitionStats> stats = new ArrayList<>();
        for (ChroniclePartitionLog p : partitions) {
            stats.add(new PartitionStats(p.partition(), p.beginningOffset(), p.endOffset(), p.sizeInBytes()));
        }
        return stats;
    }

    /** Closes every partition (waiting for appends and reads in progress). */
    synchronized void close() {
        closed = true;
        for (ChroniclePartitionLog partition : partitions) {
            partition.close();
        }
    }

    private void openPartitions(int count) {
        List<ChroniclePartitionLog> opened = new ArrayList<>(partitions);
        try {
            for (int p = opened.size(); p < count; p++) {
                opened.add(newPartition(p));
            }
        } catch (RuntimeException e) {
            for (int p = partitions.size(); p < opened.size(); p++) {
                opened.get(p).close();
            }
            throw e;
        }
        partitions = List.copyOf(opened);
    }

    private ChroniclePartitionLog newPartition(int partition) {
        return new ChroniclePartitionLog(this, partition, dir.resolve(Integer.toString(partition)), environment);
    }

    private void ensureOpen() {
        if (closed) {
            throw new LogClosedException("Topic " + name + " is closed");
        }
    }

    private static void requireValidCount(int count) {
        if (count < 1 || count > MAX_PARTITIONS) {
            throw new InvalidTopicConfigException("Partition count must be between 1 and " + MAX_PARTITIONS + ", was " + count);
        }
    }

    @Override
    public String toString() {
        return "TopicLog[" + name + ", " + partitions.size() + " partitions]";
    }
}
