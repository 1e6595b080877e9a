package io.tributary.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What the build told the suite (filled in by Maven resource filtering): the Chronicle JVM flags from the
 * parent pom, where the platform's executable jar is, and the project root. System properties of the
 * same names override them.
 */
public final class BenchEnvironment {

    private final Properties properties = new Properties();

    private BenchEnvironment() {
        try (InputStream in = BenchEnvironment.class.getResourceAsStream("/tributary-benchmarks.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BenchEnvironment load() {
        return new BenchEnvironment();
    }

    private String get(String name) {
        return System.getProperty(name, properties.getProperty(name, ""));
    }

    /** The Chronicle flags for a JVM of the given feature version (JDK 24+ also gets native-access flags). */
    public List<String> chronicleFlags(int javaFeatureVersion) {
        List<String> flags = new ArrayList<>(split(get("chronicle.jvm.args")));
        if (javaFeatureVersion >= 24) {
            flags.addAll(split(get("chronicle.jvm.args.jdk24")));
        }
        return flags;
    }

    public Path platformExecJar() {
        return Path.of(get("platform.exec.jar")).toAbsolutePath().normalize();
    }

    /** The executable jar of a service module (outbox-relay, order-sample, payment-sample), by its property name. */
    public Path execJar(String property) {
        return Path.of(get(property)).toAbsolutePath().normalize();
    }

    public Path projectRoot() {
        String root = get("project.root");
        return root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root).toAbsolutePath().normalize();
    }

    /** The {@code java} launcher of a JDK home. */
    public static Path javaLauncher(Path javaHome) {
        return javaHome.resolve("bin").resolve("java");
    }

    /** The feature version (17, 25, ...) of a JDK home, from its {@code release} file. */
    public static int featureVersion(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
                    String feature = version.split("[.+-]")[0];
                    return Integer.parseInt(feature.equals("1") ? version.split("\\.")[1] : feature);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: assume the running JVM's version
        }
        return Runtime.version().feature();
    }

    public static Path currentJavaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static List<String> split(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isBlank()).toList();
    }
}
