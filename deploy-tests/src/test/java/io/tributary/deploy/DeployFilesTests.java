package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What deploy/ holds besides the Dockerfiles and manifests: YAML syntax, the scripts, and the one table of settings. */
class DeployFilesTests {

    private static final Checkout CHECKOUT = Checkout.ROOT;
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("\\b((?:TRIBUTARY|SPRING|SERVER|MANAGEMENT)_[A-Z0-9_]+)=");
    private static final Pattern VARIABLE = Pattern.compile("\\b((?:TRIBUTARY|SPRING|SERVER|MANAGEMENT)_[A-Z0-9_]+)\\b");
    private static final Pattern TABLE_VARIABLE = Pattern.compile("^\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern CODE_NAME = Pattern.compile("`([A-Z0-9_]+)`");

    @Test
    void everyYamlFileUnderDeployParses() {
        var files = CHECKOUT.files("deploy", ".yaml", ".yml");
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        for (Path file : files) {
            assertThatCode(() -> new Yaml().loadAll(Files.readString(file)).forEach(document -> { }))
                    .as(CHECKOUT.relative(file)).doesNotThrowAnyException();
        }
    }

    @Test
    void scriptsPassBashSyntaxCheck() throws Exception {
        for (String script : new String[] {"deploy/run-local.sh", "deploy/docker/healthcheck.sh"}) {
            assertThat(Files.isExecutable(CHECKOUT.path(script))).as("%s is executable", script).isTrue();
            Process bash = new ProcessBuilder("bash", "-n", CHECKOUT.path(script).toString()).redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor()).as("bash -n %s: %s", script, output).isZero();
        }
    }

    @Test
    void scriptsPassShellcheckWhereItIsInstalled() throws Exception {
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "shellcheck")));
        Assumptions.assumeTrue(installed, "shellcheck is not installed (Debian package shellcheck): skipped");
        Process check = new ProcessBuilder("shellcheck", "deploy/run-local.sh", "deploy/docker/healthcheck.sh")
                .directory(CHECKOUT.path("").toFile()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as("shellcheck: %s", output).isZero();
    }

    @Test
    void runLocalTakesTheJvmFlagsFromTheRootPomAndUsesTheImagesPorts() {
        String script = CHECKOUT.read("deploy/run-local.sh");
        assertThat(script).as("flags read from the pom, not copied")
                .contains("pom_property chronicle.jvm.args)").contains("pom_property chronicle.jvm.args.modern)")
                .doesNotContain("--add-opens");
        Map<String, Service> ports = Map.of("PLATFORM_PORT", Service.PLATFORM, "ORDER_PORT", Service.ORDER_SAMPLE,
                "PAYMENT_PORT", Service.PAYMENT_SAMPLE, "RELAY_PORT", Service.OUTBOX_RELAY);
        ports.forEach((variable, service) -> {
            Matcher m = Pattern.compile(variable + ":-(\\d+)").matcher(script);
            assertThat(m.find()).as("run-local.sh %s", variable).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as("run-local.sh %s = the image's port", variable)
                    .isEqualTo(DockerfileTests.dockerfile(service).exposedPorts().get(0));
        });
    }

    @Test
    void runLocalSetsOnlyVariablesThatBindToASetting() {
        Assumptions.assumeTrue(Stream.of(Service.values()).allMatch(s -> s.present(CHECKOUT)),
                "not every service module is in this checkout yet (issue 7): run-local.sh's variables not checked");
        Matcher assignments = ENV_ASSIGNMENT.matcher(CHECKOUT.read("deploy/run-local.sh"));
        while (assignments.find()) {
            String variable = assignments.group(1);
            assertThat(Stream.of(Service.values()).anyMatch(s -> s.config(CHECKOUT).binds(variable)))
                    .as("run-local.sh sets %s, which binds to a setting of some service", variable).isTrue();
        }
    }

    @Test
    void readmeTableDocumentsEveryVariableTheDeploymentsSet() throws IOException {
        String readme = CHECKOUT.read("deploy/README.md");
        Set<String> documented = new TreeSet<>();
        Matcher rows = TABLE_VARIABLE.matcher(readme);
        while (rows.find()) {
            Matcher names = CODE_NAME.matcher(rows.group(1)); // the first cell names the variables of the row
            while (names.find()) {
                documented.add(names.group(1));
            }
        }
        Set<String> used = new TreeSet<>();
        for (Path file : Stream.concat(CHECKOUT.files("deploy", ".yaml", ".Dockerfile").stream(),
                Stream.of(CHECKOUT.path("deploy/run-local.sh"))).toList()) {
            Matcher m = VARIABLE.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).as("variables set by deploy/").isNotEmpty();
        assertThat(documented).as("deploy/README.md configuration table").containsAll(used);
        assertThat(CHECKOUT.read("README.md")).as("the root README has the demo commands")
                .contains("docker compose -f deploy/compose.yaml up").contains("deploy/run-local.sh");
    }
}
