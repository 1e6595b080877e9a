package io.tributary.platform.log;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-topic settings, persisted with the topic. Names on the wire follow Kafka's topic configs.
 *
 * @param retentionMs     delete closed cycles whose newest possible record is older than this; -1 keeps forever
 * @param retentionBytes  per partition: delete the oldest closed cycles while the partition is larger; -1 is unbounded
 * @param maxMessageBytes largest record (key + value + headers) accepted
 * @param rollCycle       how often a partition starts a new file; retention deletes whole files
 */
public record TopicConfig(long retentionMs, long retentionBytes, int maxMessageBytes, RollCycle rollCycle) {

    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String ROLL_CYCLE = "roll.cycle";

    /** Kafka's defaults: a week of retention, unbounded size, 1 MiB records, hourly files. */
    public static final TopicConfig DEFAULTS = new TopicConfig(7L * 24 * 3600 * 1000, -1, 1024 * 1024, RollCycle.HOURLY);

    public TopicConfig {
        if (retentionMs < -1 || retentionMs == 0) {
            throw new InvalidTopicConfigException(RETENTION_MS + " must be -1 or positive, was " + retentionMs);
        }
        if (retentionBytes < -1 || retentionBytes == 0) {
            throw new InvalidTopicConfigException(RETENTION_BYTES + " must be -1 or positive, was " + retentionBytes);
        }
        if (maxMessageBytes < 1 || maxMessageBytes > 64 * 1024 * 1024) {
            throw new InvalidTopicConfigException(MAX_MESSAGE_BYTES + " must be between 1 and 67108864, was " + maxMessageBytes);
        }
        if (rollCycle == null) {
            throw new InvalidTopicConfigException(ROLL_CYCLE + " is required");
        }
    }

    /** This config with the given entries (Kafka names, string values) applied on top. */
    public TopicConfig with(Map<String, String> overrides) {
        long retMs = retentionMs;
        long retBytes = retentionBytes;
        int maxBytes = maxMessageBytes;
        RollCycle roll = rollCycle;
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            switch (entry.getKey()) {
                case RETENTION_MS -> retMs = parseLong(RETENTION_MS, value);
                case RETENTION_BYTES -> retBytes = parseLong(RETENTION_BYTES, value);
                case MAX_MESSAGE_BYTES -> maxBytes = (int) Math.min(Integer.MAX_VALUE, parseLong(MAX_MESSAGE_BYTES, value));
                case ROLL_CYCLE -> roll = RollCycle.parse(value);
                default -> throw new InvalidTopicConfigException("Unknown topic config '" + entry.getKey()
                        + "'; supported: " + String.join(", ", RETENTION_MS, RETENTION_BYTES, MAX_MESSAGE_BYTES, ROLL_CYCLE));
            }
        }
        return new TopicConfig(retMs, retBytes, maxBytes, roll);
    }

    /** The config as Kafka-named string entries, in a stable order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(RETENTION_MS, Long.toString(retentionMs));
        map.put(RETENTION_BYTES, Long.toString(retentionBytes));
        map.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        map.put(ROLL_CYCLE, rollCycle.name().toLowerCase(Locale.ROOT));
        return map;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidTopicConfigException(name + " must be a whole number, was '" + value + "'");
        }
    }
}
