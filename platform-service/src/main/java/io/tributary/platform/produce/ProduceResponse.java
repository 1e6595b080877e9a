package io.tributary.platform.produce;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The v2 produce response: one offset entry per record, in request order. */
@Schema(name = "OffsetRecordSentList")
public record ProduceResponse(
        @JsonProperty("key_schema_id") @Nullable Integer keySchemaId,
        @JsonProperty("value_schema_id") @Nullable Integer valueSchemaId,
        List<Offset> offsets) {

    static ProduceResponse of(List<Offset> offsets) {
        return new ProduceResponse(null, null, offsets);
    }

    /** Where one record was written. error_code and error are always null: a request is written whole or not at all. */
    @Schema(name = "OffsetRecordSent")
    public record Offset(
            @Schema(example = "0") int partition,
            @Schema(example = "41") long offset,
            @JsonProperty("error_code") @Nullable Integer errorCode,
            @Nullable String error) {

        static Offset of(int partition, long offset) {
            return new Offset(partition, offset, null, null);
        }
    }
}
