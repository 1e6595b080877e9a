package io.tributary.platform.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The one error shape of the API, as the Kafka REST Proxy v2: {@code {"error_code": 40401, "message": "..."}}. */
@Schema(name = "Error", description = "Every error response. error_code follows the Confluent REST Proxy codes where one exists, else it is the HTTP status.")
public record ErrorBody(
        @JsonProperty("error_code") @Schema(example = "40401", requiredMode = Schema.RequiredMode.REQUIRED) int errorCode,
        @Schema(example = "Topic orders.events not found.", requiredMode = Schema.RequiredMode.REQUIRED) String message) {
}
