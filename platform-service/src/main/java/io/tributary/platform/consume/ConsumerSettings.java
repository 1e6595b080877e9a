package io.tributary.platform.consume;

import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A consumer instance's configuration, validated.
 *
 * @param format           how keys and values are embedded in fetched records
 * @param resetToEarliest  where a partition without a (valid) committed offset starts: earliest or latest
 * @param autoCommit       commit what a fetch returned when the next fetch arrives
 * @param fetchMinBytes    a fetch waits (up to its timeout) until at least this many bytes are available
 * @param requestTimeout   how long a fetch waits when it names no timeout
 * @param instanceTimeout  idle time after which the instance expires
 */
record ConsumerSettings(
        RecordFormat format,
        boolean resetToEarliest,
        boolean autoCommit,
        int fetchMinBytes,
        Duration requestTimeout,
        Duration instanceTimeout) {

    /** Longest a single fetch may wait. */
    static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(1);

    static ConsumerSettings from(CreateConsumerRequest request, Duration defaultInstanceTimeout) {
        RecordFormat format = RecordFormat.parse(request.format());
        boolean earliest = parseReset(request.autoOffsetReset());
        String autoCommitValue = request.enableAutoCommit() != null ? request.enableAutoCommit() : request.autoCommitEnable();
        boolean autoCommit = parseBoolean("enable.auto.commit", autoCommitValue, false);
        long minBytes = parseLong("fetch.min.bytes", request.fetchMinBytes(), -1, -1, 64L * 1024 * 1024);
        long requestMs = parseLong("consumer.request.timeout.ms", request.requestTimeoutMs(),
                DEFAULT_REQUEST_TIMEOUT.toMillis(), 0, MAX_REQUEST_TIMEOUT.toMillis());
        long instanceMs = parseLong("consumer.instance.timeout.ms", request.instanceTimeoutMs(),
                defaultInstanceTimeout.toMillis(), 100, Duration.ofDays(7).toMillis());
        return new ConsumerSettings(format, earliest, autoCommit, (int) minBytes,
                Duration.ofMillis(requestMs), Duration.ofMillis(instanceMs));
    }

    String autoOffsetReset() {
        return resetToEarliest ? "earliest" : "latest";
    }

    private static boolean parseReset(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return false; // latest, as Kafka
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "earliest", "smallest" -> true;
            case "latest", "largest" -> false;
            default -> throw invalid("auto.offset.reset must be earliest or latest, was '" + value + "'");
        };
    }

    private static boolean parseBoolean(String name, @Nullable String value, boolean defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name + " must be true or false, was '" + value + "'");
        };
    }

    private static long parseLong(String name, @Nullable String value, long defaultValue, long min, long max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min || parsed > max) {
                throw invalid(name + " must be between " + min + " and " + max + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_CONSUMER_CONFIG, message);
    }
}
