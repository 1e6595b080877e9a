package io.tributary.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of API tests: the whole platform on a random port with its data in a fresh temporary folder.
 * Test classes with the same settings share one running platform, so each test uses its own topic names.
 * A class with other settings starts another platform, which needs a data directory of its own (only one
 * store may open a directory): such a class does not extend this one and takes a directory of its own
 * from {@link #ownDataDir} (see {@code AutoCreateTopicsTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tributary.platform.max-request-size=2MB",
        "logging.level.io.tributary=WARN"})
public abstract class PlatformTestSupport {

    protected static final Path DATA_DIR = createDataDir("tributary-test-");

    @LocalServerPort
    protected int port;

    protected TestHttp http;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("tributary.platform.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void createClient() {
        http = new TestHttp(port);
    }

    /**
     * For a test class with a platform of its own (other settings, so it does not extend this one): a fresh data
     * directory for it, as its {@code tributary.platform.data-dir}.
     */
    public static void ownDataDir(DynamicPropertyRegistry registry, String prefix) {
        Path dir = createDataDir(prefix);
        registry.add("tributary.platform.data-dir", dir::toString);
    }

    private static Path createDataDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
