package io.tributary.platform.consume;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Either a list of topics or a pattern (Java regex matched against whole topic names), not both. */
@Schema(description = "Subscribe to topics by name or by a regular expression (matched against the whole name)")
record SubscriptionRequest(
        @Schema(example = "[\"orders.events\"]") @Nullable List<String> topics,
        @JsonProperty("topic_pattern") @Schema(example = "orders\\..*", maxLength = TopicPatterns.MAX_LENGTH) @Nullable String topicPattern) {
}
