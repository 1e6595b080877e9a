package io.tributary.platform.consume;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /consumers/{group}}. Values are accepted as JSON strings (the Confluent proxy's
 * form) or as numbers and booleans (the Strimzi bridge's form).
 */
@Schema(description = "A new consumer instance. Every field is optional.")
record CreateConsumerRequest(
        @Schema(description = "Instance name, unique in the group; generated when absent", example = "consumer-1")
        @Nullable String name,
        @Schema(description = "Embedded format of fetched keys and values", allowableValues = {"binary", "json", "text"}, defaultValue = "binary")
        @Nullable String format,
        @JsonProperty("auto.offset.reset")
        @Schema(description = "Where a partition without a committed offset starts", allowableValues = {"earliest", "latest"}, defaultValue = "latest")
        @Nullable String autoOffsetReset,
        @JsonProperty("enable.auto.commit")
        @Schema(description = "Commit what a fetch returned when the next fetch arrives", defaultValue = "false", example = "false")
        @Nullable String enableAutoCommit,
        @JsonProperty("auto.commit.enable")
        @Schema(description = "Confluent v2 spelling of enable.auto.commit")
        @Nullable String autoCommitEnable,
        @JsonProperty("fetch.min.bytes")
        @Schema(description = "A fetch waits (up to its timeout) until this many bytes are available; -1 answers as soon as anything is", defaultValue = "-1")
        @Nullable String fetchMinBytes,
        @JsonProperty("consumer.request.timeout.ms")
        @Schema(description = "How long a fetch waits for records when it names no timeout (max 300000)", defaultValue = "1000")
        @Nullable String requestTimeoutMs,
        @JsonProperty("consumer.instance.timeout.ms")
        @Schema(description = "Tributary extension: idle time after which this instance expires (platform default otherwise)", example = "300000")
        @Nullable String instanceTimeoutMs) {
}
