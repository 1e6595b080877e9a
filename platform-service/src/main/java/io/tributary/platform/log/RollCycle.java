package io.tributary.platform.log;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How often a partition starts a new file. Retention works on whole files. */
public enum RollCycle {
    /** For tests and demos of retention. */
    SECONDLY(Duration.ofSeconds(1)),
    MINUTELY(Duration.ofMinutes(1)),
    TEN_MINUTELY(Duration.ofMinutes(10)),
    HOURLY(Duration.ofHours(1)),
    DAILY(Duration.ofDays(1));

    private final Duration length;

    RollCycle(Duration length) {
        this.length = length;
    }

    public Duration length() {
        return length;
    }

    public static RollCycle parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidTopicConfigException(TopicConfig.ROLL_CYCLE + " must be one of "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                    + ", was '" + value + "'");
        }
    }
}
