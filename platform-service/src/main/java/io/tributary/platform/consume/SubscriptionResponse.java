package io.tributary.platform.consume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The subscribed topics (for a pattern: the existing topics it matches now, and the pattern). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SubscriptionResponse(
        @Schema(example = "[\"orders.events\"]") List<String> topics,
        @JsonProperty("topic_pattern") @Schema(example = "orders\\..*") @Nullable String topicPattern) {
}
