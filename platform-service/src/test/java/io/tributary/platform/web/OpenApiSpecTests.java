package io.tributary.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed {@code docs/openapi.json} is what clients are generated from: it must equal the spec the
 * platform serves. After an intended API change, regenerate it with
 * {@code ./mvnw -pl platform-service test -Dtest=OpenApiSpecTests -Dopenapi.write=true}.
 */
class OpenApiSpecTests extends PlatformTestSupport {

    private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final JsonMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    @Test
    void servedSpecEqualsTheCommittedCopy() throws Exception {
        JsonNode served = served();
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, PRETTY.writeValueAsString(served) + "\n");
        }
        assertThat(Files.exists(COMMITTED)).as("docs/openapi.json exists (see this class's Javadoc)").isTrue();
        JsonNode committed = TestHttp.MAPPER.readTree(Files.readString(COMMITTED));
        assertThat(committed)
                .as("docs/openapi.json is out of date: regenerate it as this class's Javadoc says")
                .isEqualTo(served);
    }

    @Test
    void specDocumentsEveryV2EndpointAndTheErrorShape() {
        JsonNode spec = served();
        JsonNode paths = spec.get("paths");
        assertThat(paths.has("/topics")).isTrue();
        assertThat(paths.has("/topics/{topic}")).isTrue();
        assertThat(paths.has("/topics/{topic}/partitions/{partition}/offsets")).isTrue();
        assertThat(paths.has("/admin/topics")).isTrue();
        JsonNode produce = paths.get("/topics/{topic}").get("post");
        assertThat(produce.get("requestBody").get("content").has(TestHttp.BINARY_V2)).isTrue();
        assertThat(produce.get("requestBody").get("content").has(TestHttp.JSON_V2)).isTrue();
        assertThat(produce.get("requestBody").get("content").has(TestHttp.TEXT_V2)).isTrue();
        assertThat(produce.get("responses").has("404")).isTrue();
        assertThat(produce.get("responses").has("413")).isTrue();
        assertThat(produce.get("responses").has("422")).isTrue();
        assertThat(spec.get("components").get("schemas").get("Error").get("properties").has("error_code")).isTrue();
    }

    private JsonNode served() {
        ObjectNode spec = (ObjectNode) http.get("/v3/api-docs", "application/json").json();
        spec.remove("servers");
        return spec;
    }
}
