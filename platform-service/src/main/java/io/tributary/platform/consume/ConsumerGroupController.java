package io.tributary.platform.consume;

import static io.tributary.platform.web.KafkaMediaTypes.APPLICATION_JSON;
import static io.tributary.platform.web.KafkaMediaTypes.V2_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.platform.web.ErrorBody;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tributary extensions beyond the REST Proxy v2: list and describe groups, lag, and the admin offset reset. */
@RestController
@RequestMapping(path = "/consumers", produces = {V2_JSON, APPLICATION_JSON})
@Tag(name = "Consumer groups (Tributary extension)", description = "Tributary extension: group views, lag and offset reset; not part of the REST Proxy v2")
final class ConsumerGroupController {

    private final GroupCoordinator coordinator;
    private final ConsumerOffsets offsets;

    ConsumerGroupController(GroupCoordinator coordinator, ConsumerOffsets offsets) {
        this.coordinator = coordinator;
        this.offsets = offsets;
    }

    @GetMapping
    @Operation(operationId = "listGroups", summary = "List consumer groups", description = "Tributary extension. Groups with live members (Stable) or only committed offsets (Empty).")
    @ApiResponse(responseCode = "200", description = "The groups")
    List<GroupSummary> groups() {
        return coordinator.summaries();
    }

    @GetMapping("/{group}")
    @Operation(operationId = "describeGroup", summary = "Describe a consumer group", description = "Tributary extension. Its live members, their subscription, assignment and idle time.")
    @ApiResponse(responseCode = "200", description = "The group")
    @ApiResponse(responseCode = "404", description = "No live members and no committed offsets", content = @Content(mediaType = V2_JSON, schema = @Schema(implementation = ErrorBody.class),
            examples = @ExampleObject(value = "{\"error_code\":404,\"message\":\"Consumer group billing not found\"}")))
    GroupDescription group(@PathVariable String group) {
        return coordinator.describe(group);
    }

    @GetMapping("/{group}/lag")
    @Operation(operationId = "getGroupLag", summary = "Lag of a consumer group", description = "Tributary extension. Per partition the group owns or has committed: committed offset, end offset and lag (end - committed).")
    @ApiResponse(responseCode = "200", description = "Lag per partition")
    @ApiResponse(responseCode = "404", description = "Unknown group", content = @Content(mediaType = V2_JSON, schema = @Schema(implementation = ErrorBody.class)))
    GroupLag lag(@PathVariable String group) {
        return offsets.lag(group);
    }

    @PostMapping(path = "/{group}/offsets/reset", consumes = {V2_JSON, APPLICATION_JSON})
    @Operation(operationId = "resetGroupOffsets", summary = "Reset a group's committed offsets",
            description = "Tributary extension. Moves the committed offsets to earliest, latest, a timestamp or an offset, durably; only while the group has no live members.")
    @ApiResponse(responseCode = "200", description = "The new committed offsets")
    @ApiResponse(responseCode = "404", description = "Unknown topic or partition", content = @Content(mediaType = V2_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The group has live members", content = @Content(mediaType = V2_JSON, schema = @Schema(implementation = ErrorBody.class),
            examples = @ExampleObject(value = "{\"error_code\":409,\"message\":\"Group billing has 2 live member(s); offsets can only be reset while it has none (delete them or let them expire)\"}")))
    @ApiResponse(responseCode = "422", description = "Invalid target", content = @Content(mediaType = V2_JSON, schema = @Schema(implementation = ErrorBody.class)))
    CommittedOffsets reset(@PathVariable String group, @RequestBody ResetOffsetsRequest request) {
        return offsets.reset(group, request);
    }
}
