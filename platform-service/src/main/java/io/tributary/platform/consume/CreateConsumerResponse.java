package io.tributary.platform.consume;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The created instance and the absolute URI of its endpoints. */
record CreateConsumerResponse(
        @JsonProperty("instance_id") @Schema(example = "consumer-1") String instanceId,
        @JsonProperty("base_uri") @Schema(example = "http://localhost:8080/consumers/billing/instances/consumer-1") String baseUri) {
}
