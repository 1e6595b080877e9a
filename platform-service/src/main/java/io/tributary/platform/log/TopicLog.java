package io.tributary.platform.log;

import java.util.List;

/** A topic: a name, a config and partitions numbered from 0. Thread-safe. */
public interface TopicLog {

    String name();

    TopicConfig config();

    int partitionCount();

    /** @throws PartitionNotFoundException if {@code partition} is not in [0, partitionCount) */
    PartitionLog partition(int partition);

    List<PartitionLog> partitions();

    /**
     * Adds partitions so the topic has {@code newCount}. Existing partitions keep their records.
     *
     * @throws InvalidTopicConfigException if {@code newCount} is not larger than the current count
     */
    void increasePartitions(int newCount);

    /** Replaces the config (persisted at once; retention picks it up on its next run). */
    void updateConfig(TopicConfig config);
}
