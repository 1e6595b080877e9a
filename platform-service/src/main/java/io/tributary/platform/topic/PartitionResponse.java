package io.tributary.platform.topic;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A partition in the v2 shape; Tributary is one node, so it leads every partition with one in-sync replica. */
@Schema(name = "Partition")
public record PartitionResponse(
        @Schema(example = "0") int partition,
        @Schema(example = "0") int leader,
        List<Replica> replicas) {

    static PartitionResponse of(int partition) {
        return new PartitionResponse(partition, 0, List.of(new Replica(0, true, true)));
    }

    /** A replica of the partition. */
    @Schema(name = "Replica")
    public record Replica(int broker, boolean leader, @com.fasterxml.jackson.annotation.JsonProperty("in_sync") boolean inSync) {
    }
}
