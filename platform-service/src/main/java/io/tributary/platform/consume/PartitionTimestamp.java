package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;

/** A time to seek to in one partition: epoch milliseconds or an ISO-8601 instant. */
record PartitionTimestamp(
        @Schema(example = "orders.events") @Nullable String topic,
        @Schema(example = "0") int partition,
        @Schema(description = "Epoch milliseconds (number) or an ISO-8601 instant (string)", example = "1767225600000") @Nullable String timestamp) {

    TopicPartition topicPartition() {
        return TopicPartition.require(topic, partition);
    }

    long epochMillis() {
        if (timestamp == null || timestamp.isBlank()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "timestamp is required for " + topicPartition());
        }
        String value = timestamp.trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "timestamp must be epoch milliseconds or an ISO-8601 instant, was '"
                        + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
            }
        }
    }
}
