package io.tributary.platform.produce;

import io.tributary.platform.web.KafkaMediaTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a produce request's body ({@link ProduceRequestParser}) and writes its answer ({@link ProduceResponseJson}).
 *
 * <p>Why not {@code @RequestBody} and a returned {@code ResponseEntity}: for a one-record request,
 * Spring MVC's generic converter selection, body advice and content negotiation cost more CPU than
 * parsing and appending the record (about a quarter of the request in a JFR profile). The result is
 * the same on the wire: the same JSON mapper, the same media types, and a malformed body still
 * surfaces as {@link HttpMessageNotReadableException}, so the one exception handler answers it.
 */
@Component
final class ProduceExchange {

    private static final MediaType V2 = MediaType.parseMediaType(KafkaMediaTypes.V2_JSON);
    private static final List<MediaType> PRODUCIBLE = List.of(V2, MediaType.APPLICATION_JSON);

    private final ProduceRequestParser parser;
    private final ProduceResponseJson responseJson;

    ProduceExchange(ObjectMapper mapper) {
        this.parser = new ProduceRequestParser(mapper);
        this.responseJson = new ProduceResponseJson(mapper);
    }

    /** The request's records, with keys and values embedded per {@code format} (see {@link ProduceRequestParser}). */
    List<ProduceRequestParser.ParsedRecord> read(HttpServletRequest request, EmbeddedFormat format) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = body(in, request.getContentLength());
        } catch (IOException e) { // too large (413), or the client went away
            throw new HttpMessageNotReadableException("I/O error while reading the body: " + e.getMessage(), e,
                    new ServletServerHttpRequest(request));
        }
        try {
            return parser.parse(body, format);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e,
                    new ServletServerHttpRequest(request));
        }
    }

    /**
     * The whole body, read once: the parser slices JSON values out of it. Its size is bounded before this
     * ({@code RequestSizeLimitFilter}: by Content-Length, or while a chunked body is read).
     */
    private static byte[] body(InputStream in, int contentLength) throws IOException {
        if (contentLength < 0) {
            return in.readAllBytes();
        }
        byte[] body = new byte[contentLength];
        int read = in.readNBytes(body, 0, contentLength);
        return read == contentLength ? body : Arrays.copyOf(body, read);
    }

    void write(HttpServletRequest request, HttpServletResponse response, ProduceService.Produced produced) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType(request.getHeader(HttpHeaders.ACCEPT)));
        if (produced.duplicate()) {
            response.setHeader(ProducerRequestId.DUPLICATE, "true");
        }
        byte[] json = responseJson.write(produced.response());
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /**
     * The v2 type unless the client accepts only plain JSON. The request mapping's {@code produces}
     * has already refused (406) an Accept that allows neither.
     */
    static String contentType(@Nullable String accept) {
        if (accept == null || accept.isEmpty() || accept.contains(KafkaMediaTypes.V2_JSON) || accept.equals("*/*")) {
            return KafkaMediaTypes.V2_JSON;
        }
        MediaType best = V2;
        double bestQuality = -1;
        for (MediaType acceptable : MediaType.parseMediaTypes(accept)) {
            for (MediaType producible : PRODUCIBLE) {
                if (acceptable.isCompatibleWith(producible) && acceptable.getQualityValue() > bestQuality) {
                    best = producible;
                    bestQuality = acceptable.getQualityValue();
                }
            }
        }
        return best.toString();
    }
}