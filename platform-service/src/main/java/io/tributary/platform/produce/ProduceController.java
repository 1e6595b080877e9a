package io.tributary.platform.produce;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.platform.web.ApiErrors;
import io.tributary.platform.web.ErrorCode;
import io.tributary.platform.web.KafkaMediaTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Produce records, as the Kafka REST Proxy v2, with optional idempotence (Tributary extension). */
@RestController
@Tag(name = "Produce")
final class ProduceController {

    private static final String[] CONSUMES = {KafkaMediaTypes.JSON_V2_JSON, KafkaMediaTypes.BINARY_V2_JSON,
            KafkaMediaTypes.TEXT_V2_JSON, KafkaMediaTypes.APPLICATION_JSON};
    private static final String[] PRODUCES = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON};
    private static final String IDEMPOTENCE = """
             Idempotence (Tributary extension): send Tributary-Producer-Id, Tributary-Producer-Epoch and \
            Tributary-Producer-Sequence to make retries safe. A producer numbers its requests: the first request of \
            an (id, epoch) may carry any sequence, every later one the previous + 1. Re-sending one of the last 5 \
            requests returns its original offsets with header Tributary-Duplicate: true and appends nothing (also \
            after a platform restart). A gap, a sequence older than the last 5, or an epoch below the producer's \
            current one is rejected with 422 / 42206. State of a producer idle for tributary.platform.producers.expiration \
            (default 24h) is forgotten.""";

    private final ProduceService produce;
    private final ProduceExchange exchange;

    ProduceController(ProduceService produce, ProduceExchange exchange) {
        this.produce = produce;
        this.exchange = exchange;
    }

    /**
     * Documents what {@link ProduceExchange#read} and {@link ProducerRequestId#parse} read from the request:
     * the body and the idempotence headers (there are no {@code @RequestBody} or {@code @RequestHeader} parameters).
     */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(schema = @Schema(implementation = ProduceRequest.class)))
    @Parameter(in = ParameterIn.HEADER, name = ProducerRequestId.PRODUCER_ID, description = "Idempotent producer id (>= 0); with epoch and sequence",
            schema = @Schema(type = "integer", format = "int64"))
    @Parameter(in = ParameterIn.HEADER, name = ProducerRequestId.PRODUCER_EPOCH, description = "Idempotent producer epoch (>= 0)",
            schema = @Schema(type = "integer", format = "int32"))
    @Parameter(in = ParameterIn.HEADER, name = ProducerRequestId.PRODUCER_SEQUENCE, description = "Idempotent producer request sequence (>= 0)",
            schema = @Schema(type = "integer", format = "int64"))
    @interface ProduceInputs {
    }

    @PostMapping(path = "/topics/{topic}", consumes = {KafkaMediaTypes.JSON_V2_JSON, KafkaMediaTypes.BINARY_V2_JSON,
            KafkaMediaTypes.TEXT_V2_JSON, KafkaMediaTypes.APPLICATION_JSON}, produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "send", summary = "Produce records to a topic", description = """
            Records with a partition go there; records with a key go to murmur2(key bytes) % partitions, the \
            partition Kafka's default partitioner picks; the others of one request go together to the next \
            partition in rotation. The request is validated whole before anything is written. Key and value \
            are embedded per the Content-Type: application/vnd.kafka.json.v2+json (any JSON; also plain \
            application/json), application/vnd.kafka.binary.v2+json (base64), application/vnd.kafka.text.v2+json \
            (strings).""" + IDEMPOTENCE)
    @ApiResponse(responseCode = "200", description = "Written; one offset per record in request order",
            headers = @Header(name = ProducerRequestId.DUPLICATE, description = "true when an idempotent retry was answered from the original write"),
            content = @Content(mediaType = KafkaMediaTypes.V2_JSON, schema = @Schema(implementation = ProduceResponse.class),
                    examples = @ExampleObject("{\"key_schema_id\":null,\"value_schema_id\":null,\"offsets\":[{\"partition\":0,\"offset\":41,\"error_code\":null,\"error\":null}]}")))
    @ApiErrors({ErrorCode.TOPIC_NOT_FOUND, ErrorCode.PARTITION_NOT_FOUND, ErrorCode.BAD_REQUEST, ErrorCode.UNPROCESSABLE,
            ErrorCode.INVALID_RECORD_DATA, ErrorCode.INVALID_PRODUCER_SEQUENCE, ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNAVAILABLE, ErrorCode.INSUFFICIENT_STORAGE})
    @ProduceInputs
    void produceToTopic(@PathVariable String topic, HttpServletRequest http, HttpServletResponse response) throws IOException {
        exchange.write(http, response, produce.produce(topic, null,
                exchange.read(http, EmbeddedFormat.ofContentType(http.getContentType())), ProducerRequestId.parse(http)));
    }

    @PostMapping(path = "/topics/{topic}/partitions/{partition}", consumes = {KafkaMediaTypes.JSON_V2_JSON, KafkaMediaTypes.BINARY_V2_JSON,
            KafkaMediaTypes.TEXT_V2_JSON, KafkaMediaTypes.APPLICATION_JSON}, produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "sendToPartition", summary = "Produce records to one partition",
            description = "As POST /topics/{topic}, but every record goes to the partition in the path." + IDEMPOTENCE)
    @ApiResponse(responseCode = "200", description = "Written; one offset per record in request order",
            headers = @Header(name = ProducerRequestId.DUPLICATE, description = "true when an idempotent retry was answered from the original write"),
            content = @Content(mediaType = KafkaMediaTypes.V2_JSON, schema = @Schema(implementation = ProduceResponse.class)))
    @ApiErrors({ErrorCode.TOPIC_NOT_FOUND, ErrorCode.PARTITION_NOT_FOUND, ErrorCode.BAD_REQUEST, ErrorCode.UNPROCESSABLE,
            ErrorCode.INVALID_RECORD_DATA, ErrorCode.INVALID_PRODUCER_SEQUENCE, ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNAVAILABLE, ErrorCode.INSUFFICIENT_STORAGE})
    @ProduceInputs
    void produceToPartition(@PathVariable String topic, @PathVariable int partition, HttpServletRequest http,
            HttpServletResponse response) throws IOException {
        exchange.write(http, response, produce.produce(topic, partition,
                exchange.read(http, EmbeddedFormat.ofContentType(http.getContentType())), ProducerRequestId.parse(http)));
    }
}
