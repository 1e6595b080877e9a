package io.tributary.platform.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last-resort error page, for requests Tomcat rejects before Spring sees them (e.g. an encoded
 * slash or a NUL in the path): answers the API's error body instead of an HTML page.
 */
public final class ApiErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType(KafkaMediaTypes.V2_JSON);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error_code\":" + status + ",\"message\":\"" + message(status) + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The client is gone or the response is already committed: nothing more to tell it.
        }
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "Bad request: the request line or path is not acceptable";
            case 404 -> "Not found";
            case 413 -> "Request too large";
            default -> "HTTP status " + status;
        };
    }
}
