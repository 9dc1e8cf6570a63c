package io.spikestream.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile as instructions grouped by stage: enough syntax for the checks of {@link
 * DockerfileTest} (line continuations, comments, parser directives; heredocs are not supported and
 * are refused so that a check cannot miss a command hidden in one).
 */
record Dockerfile(List<Stage> stages) {

  /** One instruction: upper-case keyword and the rest of the (joined) line. */
  record Instruction(String keyword, String args) {}

  /** A stage: its {@code FROM} image, its {@code AS} name (or null) and its instructions. */
  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }
  }

  static Dockerfile parse(Path file) throws IOException {
    List<String> joined = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue; // comments and parser directives (# syntax=...)
      }
      if (current.length() > 0 && line.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
      } else {
        current.append(line);
        joined.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (current.length() > 0) {
      throw new IllegalArgumentException(file + ": the last instruction ends with a backslash");
    }
    List<Stage> stages = new ArrayList<>();
    for (String line : joined) {
      if (line.contains("<<")) {
        throw new IllegalArgumentException(file + ": heredocs are not supported here: " + line);
      }
      int space = line.indexOf(' ');
      String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
      String args = space < 0 ? "" : line.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        String[] parts = args.split("\\s+");
        String name = parts.length == 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : null;
        stages.add(new Stage(parts[0], name, new ArrayList<>()));
      } else if (stages.isEmpty()) {
        if (!keyword.equals("ARG")) {
          throw new IllegalArgumentException(file + ": " + keyword + " before the first FROM");
        }
      } else {
        stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, args));
      }
    }
    return new Dockerfile(List.copyOf(stages));
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage named " + name));
  }
}
