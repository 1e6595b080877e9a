package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/** A fetched record as the REST Proxy v2 and the Strimzi bridge answer it. */
@Schema(name = "ConsumerRecord", description = "A fetched record; key and value embedded per the instance format (JSON, base64 or text)")
@JsonSerialize(using = ConsumerRecordWriter.class)
record ConsumerRecordResponse(
        @Schema(example = "orders.events") String topic,
        @Schema(description = "JSON value, base64 string or text; null when absent", example = "order-17") @Nullable Object key,
        @Schema(description = "JSON value, base64 string or text; null for a tombstone", example = "{\"status\":\"CREATED\"}") @Nullable Object value,
        @Schema(example = "0") int partition,
        @Schema(example = "42") long offset,
        @Schema(description = "Headers in order; values base64") List<Header> headers,
        @Schema(description = "Log-append time, epoch milliseconds", example = "1767225600000") long timestamp) {

    /** A header as the Strimzi bridge returns it: the name and the base64 value. */
    record Header(@Schema(example = "trace-id") String key, @Schema(example = "YWJjMTIz") String value) {
    }
}
