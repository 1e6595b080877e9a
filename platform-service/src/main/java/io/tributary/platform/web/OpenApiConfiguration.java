package io.tributary.platform.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header and the error responses every operation documents. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String ERROR_SCHEMA = "#/components/schemas/Error";

    static {
        // Embedded keys and values are any JSON value, not the JsonNode Java type.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>());
    }

    @Bean
    OpenAPI tributaryOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Tributary")
                        .version("v2")
                        .license(new License().name("Apache-2.0"))
                        .description("""
                                HTTP-first event streaming. Wire-compatible with the Kafka REST Proxy v2 (Confluent) \
                                and the Strimzi Kafka Bridge for produce, consume, commit and topic metadata; \
                                operations marked "Tributary extension" go beyond v2. Every error answers \
                                {"error_code": <int>, "message": "..."}: error_code is the Confluent REST Proxy code \
                                where one exists (40401 topic not found, 40402 partition not found, 40403 consumer \
                                instance not found, 40601 format mismatch, 4090x conflicts, 4220x invalid data or \
                                config, 42901 too many requests, 50302 unavailable), else the HTTP status (e.g. 507: the disk is nearly full)."""));
    }

    /**
     * Adds the {@code Error} schema that every error response refers to. springdoc builds the document on the
     * first request for it; resolving the schema there rather than in the bean above keeps swagger's model
     * resolver (and the Jackson 2 it runs on) out of the platform's start-up.
     */
    @Bean
    OpenApiCustomizer errorSchema() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            ModelConverters.getInstance().read(ErrorBody.class).forEach(components::addSchemas);
            openApi.components(components);
        };
    }

    /** Adds the responses named by {@link ApiErrors}, plus 500, to each operation. */
    @Bean
    OperationCustomizer apiErrorResponses() {
        return (operation, handlerMethod) -> {
            ApiErrors declared = handlerMethod.getMethodAnnotation(ApiErrors.class);
            List<ErrorCode> codes = new ArrayList<>(declared == null ? List.of() : List.of(declared.value()));
            codes.add(ErrorCode.INTERNAL);
            Map<Integer, List<ErrorCode>> byStatus = new TreeMap<>();
            for (ErrorCode code : codes) {
                byStatus.computeIfAbsent(code.status().value(), s -> new ArrayList<>()).add(code);
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            byStatus.forEach((status, list) -> responses.addApiResponse(Integer.toString(status), response(list)));
            operation.setResponses(responses);
            return operation;
        };
    }

    private static ApiResponse response(List<ErrorCode> codes) {
        Map<String, Example> examples = new LinkedHashMap<>();
        for (ErrorCode code : codes) {
            examples.put(code.name().toLowerCase(Locale.ROOT),
                    new Example().value(Map.of("error_code", code.code(), "message", describe(code))));
        }
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref(ERROR_SCHEMA)).examples(examples);
        String description = String.join("; ", codes.stream().map(OpenApiConfiguration::describe).toList());
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(KafkaMediaTypes.V2_JSON, mediaType));
    }

    private static String describe(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> "Malformed request (e.g. invalid JSON or parameter)";
            case NOT_FOUND -> "No such endpoint";
            case TOPIC_NOT_FOUND -> "Topic not found";
            case PARTITION_NOT_FOUND -> "Partition not found";
            case CONSUMER_INSTANCE_NOT_FOUND -> "Consumer instance not found (deleted, expired, or the platform restarted)";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case NOT_ACCEPTABLE -> "Cannot answer in the Accept media type";
            case CONSUMER_FORMAT_MISMATCH -> "Accept media type does not match the consumer's format";
            case CONFLICT -> "Conflict with the current state (e.g. topic exists)";
            case CONSUMER_ALREADY_SUBSCRIBED -> "Consumer already subscribed or assigned";
            case CONSUMER_ALREADY_EXISTS -> "Consumer instance name taken";
            case ILLEGAL_STATE -> "Illegal state (e.g. fetch before subscribe, commit for a partition not owned)";
            case PAYLOAD_TOO_LARGE -> "Request body or a record too large";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported Content-Type";
            case UNPROCESSABLE -> "Invalid request content";
            case INVALID_RECORD_DATA -> "A record's key, value or header cannot be converted (e.g. bad base64)";
            case INVALID_CONSUMER_CONFIG -> "Invalid consumer configuration";
            case INVALID_TOPIC_CONFIG -> "Invalid topic name, partition count or config";
            case INVALID_PRODUCER_SEQUENCE -> "Idempotent produce: sequence out of order, or producer epoch fenced";
            case TOO_MANY_REQUESTS -> "Limit reached (e.g. consumer instances)";
            case INTERNAL -> "Internal error (a bug: please report it)";
            case UNAVAILABLE -> "Temporarily unavailable (e.g. shutting down)";
            case INSUFFICIENT_STORAGE -> "The disk under the data directory is nearly full (min-free-space): nothing was appended";
        };
    }
}
