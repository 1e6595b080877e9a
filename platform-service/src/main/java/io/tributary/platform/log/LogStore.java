package io.tributary.platform.log;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All topics under one data directory. The single entry point to the storage engine; it knows
 * nothing of HTTP or Spring, so it can be tested and benchmarked alone.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public interface LogStore extends AutoCloseable {

    /**
     * Creates a topic with {@code partitions} empty partitions.
     *
     * @throws TopicAlreadyExistsException  if the name is taken
     * @throws InvalidTopicConfigException  if the name or partition count is not acceptable
     */
    TopicLog createTopic(String name, int partitions, TopicConfig config);

    /** The topic, if it exists. */
    Optional<TopicLog> topic(String name);

    /** The topic, or {@link TopicNotFoundException}. */
    default TopicLog requireTopic(String name) {
        return topic(name).orElseThrow(() -> new TopicNotFoundException("Topic " + name + " not found."));
    }

    /** All topics, sorted by name. */
    List<TopicLog> topics();

    /** Deletes the topic and its files. @throws TopicNotFoundException if it does not exist */
    void deleteTopic(String name);

    /** Deletes closed files that the topics' retention settings no longer keep. Safe to call at any time. */
    RetentionReport enforceRetention();

    /** Registers a listener told about every append (after the records are readable). */
    void addAppendListener(AppendListener listener);

    /** Sizes and offsets of every partition, for metrics. */
    Map<String, List<PartitionStats>> stats();

    @Override
    void close();
}
