package io.tributary.platform.produce;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A v2 produce request as documented in the OpenAPI spec. Schema fields of the Avro/Protobuf formats are
 * accepted and ignored. Bodies are read by {@link ProduceRequestParser}, which streams them straight into
 * records; this type describes the shape.
 */
@Schema(name = "ProducerRecordList")
public record ProduceRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable List<Record> records,
        @JsonProperty("key_schema") @Schema(hidden = true) @Nullable String keySchema,
        @JsonProperty("value_schema") @Schema(hidden = true) @Nullable String valueSchema) {

    /**
     * One record. Key and value are embedded per the Content-Type: any JSON for json, a base64 string for
     * binary, a string for text; null or absent means none.
     */
    @Schema(name = "ProducerRecord")
    public record Record(
            @Schema(description = "Embedded per the Content-Type; records with a key go to murmur2(key) % partitions",
                    example = "order-42")
            @Nullable JsonNode key,
            @Schema(description = "Embedded per the Content-Type",
                    example = "{\"amount\": 12.5}")
            @Nullable JsonNode value,
            @Schema(description = "Target partition; ignored on /partitions/{partition}", example = "0") @Nullable Integer partition,
            @Schema(description = "Headers with base64 values (Strimzi bridge shape)") @Nullable List<Header> headers) {
    }

    /** A record header: a name and a base64-encoded value. */
    @Schema(name = "KafkaHeader")
    public record Header(
            @Schema(example = "trace-id") @Nullable String key,
            @Schema(example = "YWJjMTIz", format = "byte") @Nullable String value) {
    }
}
