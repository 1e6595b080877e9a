package io.tributary.platform.consume;

import static io.tributary.platform.web.KafkaMediaTypes.APPLICATION_JSON;
import static io.tributary.platform.web.KafkaMediaTypes.BINARY_V2_JSON;
import static io.tributary.platform.web.KafkaMediaTypes.JSON_V2_JSON;
import static io.tributary.platform.web.KafkaMediaTypes.TEXT_V2_JSON;
import static io.tributary.platform.web.KafkaMediaTypes.V2_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorBody;
import io.tributary.platform.web.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The Kafka REST Proxy v2 consumer API: instances, subscriptions, assignments, fetch (long poll),
 * commit and seek. Thin: parses, calls one service method, maps the result.
 */
@RestController
@RequestMapping("/consumers/{group}")
@Tag(name = "Consumers", description = "Consumer groups over HTTP, compatible with the Kafka REST Proxy v2 and the Strimzi bridge")
@ApiResponse(responseCode = "400", description = "Malformed request body or parameter",
        content = @Content(mediaType = V2_JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "404", description = "Consumer instance not found (40403; the message says why: expired, deleted, or unknown since a restart), topic (40401) or partition (40402) not found",
        content = @Content(mediaType = V2_JSON, schema = @Schema(implementation = ErrorBody.class),
                examples = @ExampleObject(value = "{\"error_code\":40403,\"message\":\"Consumer instance c1 of group billing expired after 300012 ms idle (consumer.instance.timeout.ms is 300000); create a new instance, it resumes from the group's committed offsets\"}")))
final class ConsumerController {

    private static final String V2 = V2_JSON;
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(10);

    private final GroupCoordinator coordinator;
    private final RecordFetcher fetcher;
    private final ConsumerOffsets offsets;

    ConsumerController(GroupCoordinator coordinator, RecordFetcher fetcher, ConsumerOffsets offsets) {
        this.coordinator = coordinator;
        this.fetcher = fetcher;
        this.offsets = offsets;
    }

    @PostMapping(produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "createConsumer", summary = "Create a consumer instance in a group",
            description = "The instance joins the group when it subscribes. Config values may be strings (Confluent) or numbers/booleans (Strimzi).")
    @ApiResponse(responseCode = "200", description = "Created; base_uri is where its endpoints live")
    @ApiResponse(responseCode = "409", description = "Instance name taken in the group (40902)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class),
            examples = @ExampleObject(value = "{\"error_code\":40902,\"message\":\"Consumer instance c1 already exists in group billing\"}")))
    @ApiResponse(responseCode = "422", description = "Invalid consumer config (42204)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class),
            examples = @ExampleObject(value = "{\"error_code\":42204,\"message\":\"auto.offset.reset must be earliest or latest, was 'first'\"}")))
    @ApiResponse(responseCode = "429", description = "Too many consumer instances on the platform or in the group (42901)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = {
            @Content(mediaType = V2, schema = @Schema(implementation = CreateConsumerRequest.class),
                    examples = @ExampleObject(value = "{\"name\":\"consumer-1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\",\"enable.auto.commit\":false}")),
            @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = CreateConsumerRequest.class))})
    CreateConsumerResponse create(@PathVariable String group, @RequestBody(required = false) @Nullable CreateConsumerRequest request) {
        CreateConsumerRequest body = request != null ? request : new CreateConsumerRequest(null, null, null, null, null, null, null, null);
        ConsumerInstance instance = coordinator.create(group, body);
        String baseUri = ServletUriComponentsBuilder.fromCurrentContextPath()
                .pathSegment("consumers", group, "instances", instance.name).toUriString();
        return new CreateConsumerResponse(instance.name, baseUri);
    }

    @DeleteMapping(path = "/instances/{instance}", produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "deleteConsumer", summary = "Delete a consumer instance", description = "It leaves the group at once; its partitions are reassigned. With auto commit on, its positions are committed first.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@PathVariable String group, @PathVariable String instance) {
        coordinator.delete(coordinator.find(group, instance));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/instances/{instance}/subscription", consumes = {V2, APPLICATION_JSON}, produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "subscribe", summary = "Subscribe to topics or a topic pattern",
            description = "Replaces the current subscription and rebalances the group. A topic_pattern (Java regex over whole names, at most 256 characters) also picks up topics created later.")
    @ApiResponse(responseCode = "204", description = "Subscribed")
    @ApiResponse(responseCode = "409", description = "The instance has a manual assignment (40901)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "Neither or both of topics and topic_pattern, or an invalid or too expensive pattern", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    ResponseEntity<Void> subscribe(@PathVariable String group, @PathVariable String instance, @RequestBody SubscriptionRequest request) {
        coordinator.subscribe(coordinator.find(group, instance), request);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/instances/{instance}/subscription", produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "listSubscriptions", summary = "The subscribed topics", description = "For a pattern subscription: the existing topics it matches, and the pattern.")
    @ApiResponse(responseCode = "200", description = "The subscription")
    SubscriptionResponse subscription(@PathVariable String group, @PathVariable String instance) {
        return coordinator.subscription(coordinator.find(group, instance));
    }

    @DeleteMapping(path = "/instances/{instance}/subscription", produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "unsubscribe", summary = "Unsubscribe", description = "The instance stays but owns no partitions; the group rebalances.")
    @ApiResponse(responseCode = "204", description = "Unsubscribed")
    ResponseEntity<Void> unsubscribe(@PathVariable String group, @PathVariable String instance) {
        coordinator.unsubscribe(coordinator.find(group, instance));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/instances/{instance}/assignments", consumes = {V2, APPLICATION_JSON}, produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "assign", summary = "Assign partitions by hand", description = "Outside the group's rebalancing (Kafka's assign()); replaces an earlier manual assignment.")
    @ApiResponse(responseCode = "204", description = "Assigned")
    @ApiResponse(responseCode = "409", description = "The instance is subscribed (40901)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    ResponseEntity<Void> assign(@PathVariable String group, @PathVariable String instance, @RequestBody PartitionList request) {
        if (request.partitions() == null || request.partitions().isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "partitions must be a non-empty list");
        }
        coordinator.assign(coordinator.find(group, instance), request.partitions());
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/instances/{instance}/assignments", produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "listAssignments", summary = "The partitions the instance owns now", description = "Its manual assignment, or its share of the group's subscription after the last rebalance.")
    @ApiResponse(responseCode = "200", description = "The owned partitions")
    PartitionList assignment(@PathVariable String group, @PathVariable String instance) {
        return new PartitionList(coordinator.assignment(coordinator.find(group, instance)));
    }

    @GetMapping(path = "/instances/{instance}/records")
    @Operation(operationId = "poll", summary = "Fetch records (long poll)",
            description = "Answers as soon as records are available, else waits up to timeout ms (default consumer.request.timeout.ms) without holding a server thread and answers []. "
                    + "Accept must match the instance format. max_bytes bounds key+value+header bytes, but one larger record is still returned. "
                    + "A record that cannot be rendered in the instance format is answered with 42203 naming topic, partition and offset; the position stays on it.")
    @ApiResponse(responseCode = "200", description = "Records (possibly none)", content = {
            @Content(mediaType = JSON_V2_JSON, array = @ArraySchema(schema = @Schema(implementation = ConsumerRecordResponse.class)),
                    examples = @ExampleObject(value = "[{\"topic\":\"orders.events\",\"key\":\"order-17\",\"value\":{\"status\":\"CREATED\"},\"partition\":0,\"offset\":42,\"headers\":[{\"key\":\"trace-id\",\"value\":\"YWJjMTIz\"}],\"timestamp\":1767225600000}]")),
            @Content(mediaType = BINARY_V2_JSON, array = @ArraySchema(schema = @Schema(implementation = ConsumerRecordResponse.class))),
            @Content(mediaType = TEXT_V2_JSON, array = @ArraySchema(schema = @Schema(implementation = ConsumerRecordResponse.class)))})
    @ApiResponse(responseCode = "406", description = "Accept does not match the instance format (40601)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class),
            examples = @ExampleObject(value = "{\"error_code\":40601,\"message\":\"Consumer instance c1 has format json; ask with Accept: application/vnd.kafka.json.v2+json\"}")))
    @ApiResponse(responseCode = "409", description = "Neither subscribed nor assigned (40903)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "A record cannot be rendered in the instance format (42203), or invalid timeout/max_bytes", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class),
            examples = @ExampleObject(value = "{\"error_code\":42203,\"message\":\"The record at offset 5 of topic orders.events partition 2 cannot be read as json: value is not valid JSON (...). The position stays on it: seek past it (POST .../positions) or read it with a binary consumer\"}")))
    DeferredResult<ResponseEntity<List<ConsumerRecordResponse>>> records(
            @PathVariable String group, @PathVariable String instance,
            @Parameter(description = "Milliseconds to wait for records (at most 300000)") @RequestParam(required = false) @Nullable Long timeout,
            @Parameter(name = "max_bytes", description = "Byte budget of the answer (key, value and header bytes)") @RequestParam(name = "max_bytes", required = false) @Nullable Long maxBytes,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
        ConsumerInstance consumer = coordinator.find(group, instance);
        MediaType mediaType = consumer.settings.format().mediaType();
        requireAcceptable(consumer, accept);
        long waitMs = timeout != null ? Math.max(0, timeout) : consumer.settings.requestTimeout().toMillis();
        DeferredResult<ResponseEntity<List<ConsumerRecordResponse>>> result =
                new DeferredResult<>(Math.min(waitMs, ConsumerSettings.MAX_REQUEST_TIMEOUT.toMillis()) + SAFETY_MARGIN.toMillis());
        var future = fetcher.fetch(consumer, timeout, maxBytes);
        result.onTimeout(() -> future.complete(List.of()));
        result.onError(error -> future.complete(List.of()));
        future.whenComplete((records, error) -> {
            if (error != null) {
                result.setErrorResult(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else {
                result.setResult(ResponseEntity.ok().contentType(mediaType).body(records));
            }
        });
        return result;
    }

    @PostMapping(path = "/instances/{instance}/offsets", produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "commit", summary = "Commit offsets",
            description = "Each offset is the next record to consume (Kafka's convention). Without a body (or with no offsets) commits everything this instance has fetched. "
                    + "Durable before the answer (written: survives kill -9; with tributary.platform.flush=always also fsynced, as records). Refused with 409 and nothing changed when the instance does not own a partition.")
    @ApiResponse(responseCode = "204", description = "Committed")
    @ApiResponse(responseCode = "409", description = "A partition is not owned by this instance (40903)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "Negative offset or beyond the partition's end", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = {
            @Content(mediaType = V2, schema = @Schema(implementation = CommitRequest.class),
                    examples = @ExampleObject(value = "{\"offsets\":[{\"topic\":\"orders.events\",\"partition\":0,\"offset\":42}]}")),
            @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = CommitRequest.class))})
    ResponseEntity<Void> commit(@PathVariable String group, @PathVariable String instance, @RequestBody(required = false) @Nullable CommitRequest request) {
        offsets.commit(coordinator.find(group, instance), request == null ? null : request.offsets());
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/instances/{instance}/offsets", produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "getCommittedOffsets", summary = "Committed offsets",
            description = "For the partitions in the body ({\"partitions\":[..]}, as the Confluent proxy's GET with a body), or without a body for the partitions the instance owns. -1 when nothing is committed.")
    @ApiResponse(responseCode = "200", description = "Committed offsets")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = {
            @Content(mediaType = V2, schema = @Schema(implementation = PartitionList.class)),
            @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = PartitionList.class))})
    CommittedOffsets committed(@PathVariable String group, @PathVariable String instance, @RequestBody(required = false) @Nullable PartitionList request) {
        return offsets.committed(coordinator.find(group, instance), request == null ? null : request.partitions());
    }

    @PostMapping(path = "/instances/{instance}/positions", consumes = {V2, APPLICATION_JSON}, produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "seek", summary = "Seek to offsets or timestamps",
            description = "offsets: the next offset to fetch per partition (0..end offset). timestamps: the first record at or after the time (epoch ms or ISO-8601), or the end if none.")
    @ApiResponse(responseCode = "204", description = "Positions set")
    @ApiResponse(responseCode = "409", description = "A partition is not owned by this instance (40903)", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "422", description = "Negative offset or beyond the partition's end", content = @Content(mediaType = V2, schema = @Schema(implementation = ErrorBody.class)))
    ResponseEntity<Void> seek(@PathVariable String group, @PathVariable String instance, @RequestBody SeekRequest request) {
        offsets.seek(coordinator.find(group, instance), request);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/instances/{instance}/positions/beginning", consumes = {V2, APPLICATION_JSON}, produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "seekToBeginning", summary = "Seek to the beginning of partitions", description = "The first record still stored (retention may have deleted older ones).")
    @ApiResponse(responseCode = "204", description = "Positions set")
    ResponseEntity<Void> seekToBeginning(@PathVariable String group, @PathVariable String instance, @RequestBody PartitionList request) {
        offsets.seekToEdge(coordinator.find(group, instance), request.partitions(), true);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/instances/{instance}/positions/end", consumes = {V2, APPLICATION_JSON}, produces = {V2, APPLICATION_JSON})
    @Operation(operationId = "seekToEnd", summary = "Seek to the end of partitions", description = "Only records appended from now on will be fetched.")
    @ApiResponse(responseCode = "204", description = "Positions set")
    ResponseEntity<Void> seekToEnd(@PathVariable String group, @PathVariable String instance, @RequestBody PartitionList request) {
        offsets.seekToEdge(coordinator.find(group, instance), request.partitions(), false);
        return ResponseEntity.noContent().build();
    }

    /** The Accept header must allow the instance format (absent, wildcards and plain JSON are fine). */
    private static void requireAcceptable(ConsumerInstance consumer, @Nullable String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        MediaType wanted = consumer.settings.format().mediaType();
        try {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                if (type.includes(wanted) || type.isCompatibleWith(MediaType.APPLICATION_JSON) && type.getSubtype().equals("json")) {
                    return;
                }
            }
        } catch (InvalidMediaTypeException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.CONSUMER_FORMAT_MISMATCH, "Consumer instance " + consumer.name + " has format "
                + consumer.settings.format().wireName() + "; ask with Accept: " + wanted);
    }
}
