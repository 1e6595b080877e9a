package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI spec documents every consumer endpoint, its errors, and marks the extensions. */
class ConsumerApiDocsTests extends PlatformTestSupport {

    @Test
    void everyConsumerEndpointIsDocumentedWithItsErrors() {
        JsonNode paths = http.get("/v3/api-docs", "application/json").json().get("paths");
        String instance = "/consumers/{group}/instances/{instance}";
        for (String path : new String[] {"/consumers/{group}", instance, instance + "/subscription", instance + "/assignments",
                instance + "/records", instance + "/offsets", instance + "/positions", instance + "/positions/beginning",
                instance + "/positions/end"}) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        JsonNode records = paths.get(instance + "/records").get("get");
        assertThat(records.get("responses").get("200").get("content").propertyNames())
                .contains(TestHttp.JSON_V2, TestHttp.BINARY_V2, TestHttp.TEXT_V2);
        assertThat(records.get("responses").has("404")).isTrue();
        assertThat(records.get("responses").has("406")).isTrue();
        assertThat(records.get("responses").get("404").get("content").get(TestHttp.V2).get("schema").get("$ref").asString())
                .endsWith("/Error");
    }

    @Test
    void extensionsSayTheyAreTributaryExtensions() {
        JsonNode paths = http.get("/v3/api-docs", "application/json").json().get("paths");
        assertThat(paths.get("/consumers").get("get").get("description").asString()).contains("Tributary extension");
        assertThat(paths.get("/consumers/{group}").get("get").get("description").asString()).contains("Tributary extension");
        assertThat(paths.get("/consumers/{group}/lag").get("get").get("description").asString()).contains("Tributary extension");
        assertThat(paths.get("/consumers/{group}/offsets/reset").get("post").get("description").asString()).contains("Tributary extension");
    }
}
