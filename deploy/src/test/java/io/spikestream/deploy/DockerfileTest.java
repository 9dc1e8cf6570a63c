package io.spikestream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.deploy.Dockerfile.Instruction;
import io.spikestream.deploy.Dockerfile.Stage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The top-level Dockerfile and .dockerignore: built by the wrapper from the repository alone. */
class DockerfileTest {
  private static final Pattern PINNED_TEMURIN =
      Pattern.compile("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-(jdk|jre)(-[a-z]+)?");
  private static final Pattern FETCHERS =
      Pattern.compile("(^|[\\s;&|(])(curl|wget|git)(\\s|$)", Pattern.CASE_INSENSITIVE);

  private static Dockerfile dockerfile;

  @BeforeAll
  static void parse() throws IOException {
    dockerfile = Dockerfile.parse(RepoFiles.file("Dockerfile"));
  }

  @Test
  void hasABuildStageOnTheJdkAndARuntimeStageOnTheJreBothPinned() {
    assertThat(dockerfile.stages()).extracting(Stage::name).containsExactly("build", "runtime");
    Stage build = dockerfile.stage("build");
    Stage runtime = dockerfile.stage("runtime");
    assertThat(build.image()).matches(PINNED_TEMURIN).contains("-jdk");
    assertThat(runtime.image()).matches(PINNED_TEMURIN).contains("-jre");
    // the two stages run the same Java 17 update
    assertThat(build.image().replace("-jdk", "")).isEqualTo(runtime.image().replace("-jre", ""));
  }

  @Test
  void theBuildStageBuildsWithTheMavenWrapperOnlyAndFetchesNothingElse() {
    Stage build = dockerfile.stage("build");
    List<String> runs = build.all("RUN").stream().map(Instruction::args).toList();
    assertThat(runs).anySatisfy(r -> assertThat(r).contains("./mvnw ").contains("package"));
    for (String run : runs) {
      // a system Maven would build with another version than the wrapper's pinned one
      assertThat(run.replace("./mvnw", "")).doesNotContainPattern("(^|[\\s;&|/])mvn(\\s|$)");
      assertThat(FETCHERS.matcher(run).find()).as("curl/wget/git in: " + run).isFalse();
      if (run.contains("apt-get install")) {
        assertThat(aptPackages(run))
            .as("only unzip, which the wrapper needs to check Maven's pinned SHA-256")
            .containsExactly("unzip");
      }
    }
    String wrapperRun = runs.stream().filter(r -> r.contains("./mvnw")).findFirst().orElseThrow();
    assertThat(wrapperRun).contains("-DskipTests").contains("-pl cli").contains("-am");
    // the wrapper and its pinned distribution are part of the build context
    assertThat(RepoFiles.file("mvnw")).isExecutable();
    assertThat(RepoFiles.file(".mvn/wrapper/maven-wrapper.properties"))
        .content()
        .contains("distributionSha256Sum=");
  }

  @Test
  void nothingIsAddedFromTheNetworkAnywhere() {
    for (Stage stage : dockerfile.stages()) {
      for (Instruction i : stage.instructions()) {
        assertThat(i.keyword()).as("ADD can fetch URLs; COPY cannot").isNotEqualTo("ADD");
        assertThat(FETCHERS.matcher(i.args()).find()).as(i.toString()).isFalse();
      }
    }
  }

  @Test
  void theRuntimeStageCopiesTheLauncherAndItsLibrariesFromTheBuildStage() {
    List<String> copies =
        dockerfile.stage("runtime").all("COPY").stream().map(Instruction::args).toList();
    assertThat(copies)
        .contains("--from=build /src/cli/target/cli.jar /opt/spikestream/cli.jar")
        .contains("--from=build /src/cli/target/lib/ /opt/spikestream/lib/");
    // the build stage copies the repository to /src, where those paths come from
    assertThat(dockerfile.stage("build").all("WORKDIR"))
        .extracting(Instruction::args)
        .containsExactly("/src");
  }

  @Test
  void theDemoModelIsCopiedIntoTheModelsVolumeFromTheRepository() {
    String copy =
        dockerfile.stage("runtime").all("COPY").stream()
            .map(Instruction::args)
            .filter(a -> a.endsWith(" /models/demo-model.zip"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no COPY of the demo model to /models"));
    String[] parts = copy.split("\\s+");
    String source = parts[parts.length - 2];
    assertThat(source).startsWith("/src/");
    assertThat(RepoFiles.root().resolve(source.substring("/src/".length()))).isRegularFile();
  }

  @Test
  void runsAsANonRootUserWithVolumesForModelsAndData() throws IOException {
    Stage runtime = dockerfile.stage("runtime");
    List<Instruction> users = runtime.all("USER");
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).args();
    assertThat(user).isNotIn("root", "0", "0:0");
    JsonNode volumes = new ObjectMapper().readTree(runtime.all("VOLUME").get(0).args());
    List<String> paths = new ArrayList<>();
    volumes.forEach(v -> paths.add(v.asText()));
    assertThat(paths).contains("/models", "/data");
  }

  @Test
  void theEntrypointStartsTheCliMainClassOnTheCopiedClassPath() throws Exception {
    List<Instruction> entrypoints = dockerfile.stage("runtime").all("ENTRYPOINT");
    assertThat(entrypoints).hasSize(1);
    JsonNode exec = new ObjectMapper().readTree(entrypoints.get(0).args());
    assertThat(exec.isArray()).as("exec form (signals reach the JVM)").isTrue();
    List<String> argv = new ArrayList<>();
    exec.forEach(a -> argv.add(a.asText()));
    assertThat(argv.get(0)).isEqualTo("java");
    int cp = argv.indexOf("-cp");
    assertThat(cp).isPositive();
    assertThat(argv.get(cp + 1).split(":"))
        .containsExactly("/opt/spikestream/cli.jar", "/opt/spikestream/lib/*");
    String mainClass = argv.get(cp + 2);
    assertThat(argv).hasSize(cp + 3);
    Method main = Class.forName(mainClass).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    // the same class the ./spikestream launcher runs
    assertThat(Files.readString(RepoFiles.file("spikestream"))).contains(" " + mainClass + " ");
  }

  @Test
  void theDockerignoreKeepsBuildOutputOutAndTheSourcesIn() throws IOException {
    List<String> patterns =
        Files.readAllLines(RepoFiles.file(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(patterns).contains(".git", "**/target");
    List<String> needed = new ArrayList<>(List.of("pom.xml", "mvnw", ".mvn", "spikestream"));
    for (String module : modules()) {
      needed.add(module);
      needed.add(module + "/pom.xml");
      needed.add(module + "/src");
    }
    for (String path : needed) {
      for (String pattern : patterns) {
        assertThat(ignores(pattern, path)).as(pattern + " would hide " + path).isFalse();
      }
    }
  }

  /** The packages an {@code apt-get install} line names (options and chained commands left out). */
  private static List<String> aptPackages(String run) {
    String after = run.substring(run.indexOf("apt-get install") + "apt-get install".length());
    String upTo = after.split("&&|;|\\|")[0];
    return Arrays.stream(upTo.strip().split("\\s+"))
        .filter(w -> !w.startsWith("-") && !w.isEmpty())
        .toList();
  }

  /** The parent pom's modules. */
  private static List<String> modules() throws IOException {
    Matcher m =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(RepoFiles.file("pom.xml")));
    List<String> modules = new ArrayList<>();
    while (m.find()) {
      modules.add(m.group(1).strip());
    }
    assertThat(modules).contains("cli");
    return modules;
  }

  /**
   * Docker's matching for the simple pattern forms used here ({@code **}/ prefix, exact, glob *).
   */
  private static boolean ignores(String pattern, String path) {
    String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
    String regex =
        p.replace(".", "\\.")
            .replace("**/", "\u0000")
            .replace("*", "[^/]*")
            .replace("\u0000", "(.*/)?")
            .toLowerCase(Locale.ROOT);
    // a pattern matching a parent folder hides everything in it
    String candidate = path.toLowerCase(Locale.ROOT);
    while (true) {
      if (candidate.matches(regex)) {
        return true;
      }
      int slash = candidate.lastIndexOf('/');
      if (slash < 0) {
        return false;
      }
      candidate = candidate.substring(0, slash);
    }
  }
}
