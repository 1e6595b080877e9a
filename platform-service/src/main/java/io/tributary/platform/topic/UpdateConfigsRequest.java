package io.tributary.platform.topic;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Body of {@code PATCH /admin/topics/{topic}/configs}: entries to change; others keep their values. */
@Schema(name = "TopicConfigsUpdate")
public record UpdateConfigsRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "{\"retention.ms\": \"3600000\"}")
        @Nullable Map<String, String> configs) {
}
