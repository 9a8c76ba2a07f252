package dev.eventbus.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The results page ({@code docs/benchmarks.md}): each harness owns one section between {@code <!--
 * BEGIN name -->} and {@code <!-- END name -->} markers and rewrites only that section, so text
 * outside the markers (method, profile notes) is kept. A missing file or section is created, the
 * section appended at the end under a heading. Not thread-safe; one writer at a time.
 */
public final class ResultsDocument {
  private final Path file;

  /**
   * A document at a path.
   *
   * @param file the markdown file
   */
  public ResultsDocument(Path file) {
    this.file = file;
  }

  /**
   * Replaces the body of a section, or appends the section with a heading if it does not exist.
   *
   * @param name the section's marker name, for example {@code memory}
   * @param heading the heading to use when the section is created
   * @param body the new body, markdown
   */
  public void replaceSection(String name, String heading, String body) {
    String begin = "<!-- BEGIN " + name + " -->";
    String end = "<!-- END " + name + " -->";
    String text = read();
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    String block = begin + "\n" + body.strip() + "\n" + end;
    String updated;
    if (from >= 0 && to > from) {
      updated = text.substring(0, from) + block + text.substring(to + end.length());
    } else {
      String prefix = text.isEmpty() ? "# Benchmarks\n" : text.stripTrailing() + "\n";
      updated = prefix + "\n## " + heading + "\n\n" + block + "\n";
    }
    write(updated);
  }

  private String read() {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private void write(String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
