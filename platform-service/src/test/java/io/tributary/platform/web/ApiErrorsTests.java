package io.tributary.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import io.tributary.platform.TestHttp.Response;
import org.junit.jupiter.api.Test;

class ApiErrorsTests extends PlatformTestSupport {

    @Test
    void unknownPathsAre404WithTheErrorBody() {
        Response response = http.get("/no/such/thing");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodsAre405WithTheErrorBodyAndAllowHeader() {
        http.createTopic("errors.method", 1);
        Response response = http.delete("/topics/errors.method");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.errorCode()).isEqualTo(405);
        assertThat(response.header("Allow")).isPresent();
    }

    @Test
    void unacceptableAcceptTypesAre406WithTheErrorBody() {
        Response response = http.get("/topics", "application/xml");
        assertThat(response.status()).isEqualTo(406);
        assertThat(response.errorCode()).isEqualTo(406);
    }

    @Test
    void errorsNeverCarryStackTraces() {
        Response response = http.post("/topics/errors.any", TestHttp.BINARY_V2, "{\"records\":[{\"value\":");
        assertThat(response.body()).doesNotContain("at io.", "at org.", "Exception:");
    }

    @Test
    void healthEndpointsAnswerLikeTheStrimziBridgeAndActuator() {
        assertThat(http.get("/healthy").status()).isEqualTo(204);
        assertThat(http.get("/ready").status()).isEqualTo(204);
        assertThat(http.get("/actuator/health/liveness", "application/json").json().get("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/readiness", "application/json").json().get("status").asString()).isEqualTo("UP");
    }
}
