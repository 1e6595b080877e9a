package io.tributary.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The repository checkout under test: its files and the root pom's properties, read as files (the root pom is the one
 * source of truth for the Chronicle Queue JVM flags). The root comes from the {@code tributary.checkout} system
 * property that surefire sets, so the checks read the real files, never copies.
 */
final class Checkout {

    static final Checkout ROOT = new Checkout(Path.of(System.getProperty("tributary.checkout", "..")));

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private final Path root;
    private final Document pom;

    private Checkout(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            this.pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(this.root.resolve("pom.xml").toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + this.root.resolve("pom.xml"), e);
        }
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(String relative) {
        return Files.exists(path(relative));
    }

    String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    /** Files under {@code dir} whose names end with one of {@code suffixes}, sorted. */
    List<Path> files(String dir, String... suffixes) {
        try (Stream<Path> walk = Files.walk(path(dir))) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/.run/"))
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project version (the root pom's own {@code <version>}). */
    String version() {
        return childText(pom.getDocumentElement(), "version");
    }

    /** A property of the root pom's top-level {@code <properties>}, with {@code ${other}} references resolved. */
    String property(String name) {
        return interpolate(childText(child(pom.getDocumentElement(), "properties"), name));
    }

    private String interpolate(String value) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(resolved, Matcher.quoteReplacement(property(m.group(1))));
        }
        return m.appendTail(resolved).toString();
    }

    /** A property set by one of the root pom's profiles. */
    String profileProperty(String profileId, String name) {
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (profileId.equals(childText(profile, "id"))) {
                return interpolate(childText(child(profile, "properties"), name));
            }
        }
        throw new IllegalStateException("no profile " + profileId + " in the root pom");
    }

    /** The flags of a pom property, split at white space. */
    List<String> flags(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static String childText(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }
}
