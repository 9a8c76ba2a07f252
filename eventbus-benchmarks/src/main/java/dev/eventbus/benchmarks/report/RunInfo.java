package dev.eventbus.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * When and where a benchmark ran, and with which command, as a few markdown lines. The run script
 * passes the exact command and {@code java -version} output in system properties {@value
 * #COMMAND_PROPERTY} and {@value #JAVA_VERSION_PROPERTY}; without them the JVM's own properties are
 * used. Immutable.
 */
public final class RunInfo {
  /** System property holding the command line that produced the results. */
  public static final String COMMAND_PROPERTY = "eventbus.benchmarks.command";

  /** System property holding the output of {@code java -version}. */
  public static final String JAVA_VERSION_PROPERTY = "eventbus.benchmarks.java-version";

  /** The password part of a URI's user info, never written to the results. */
  private static final String USER_INFO = "://([^:/@\\s]*):[^@\\s]*@";

  private final String started;
  private final String loadBefore;

  private RunInfo(String started, String loadBefore) {
    this.started = started;
    this.loadBefore = loadBefore;
  }

  /**
   * Captures the start time and the machine's load now.
   *
   * @return the info
   */
  public static RunInfo start() {
    String now =
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    return new RunInfo(now + " UTC", loadAverage());
  }

  /**
   * The markdown lines: date, machine, JVM, load before and after, command.
   *
   * @return markdown
   */
  public String toMarkdown() {
    String javaVersion =
        Optional.ofNullable(System.getProperty(JAVA_VERSION_PROPERTY))
            .filter(s -> !s.isBlank())
            .orElse(
                System.getProperty("java.runtime.name")
                    + " "
                    + System.getProperty("java.runtime.version")
                    + ", "
                    + System.getProperty("java.vm.name"));
    String command =
        Optional.ofNullable(System.getProperty(COMMAND_PROPERTY))
            .orElse("java " + System.getProperty("sun.java.command", "?"))
            .replaceAll(USER_INFO, "://$1:****@");
    return "- Date: "
        + started
        + "\n- Machine: nproc = "
        + Runtime.getRuntime().availableProcessors()
        + ", "
        + cpuModel()
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch")
        + "\n- `java -version`: "
        + javaVersion.strip().replace('\n', ' ')
        + "\n- Load average (1/5/15 min) before: "
        + loadBefore
        + "; after: "
        + loadAverage()
        + " (the machine is shared with other builds; figures move with its load)"
        + "\n- Command: `"
        + command
        + "`\n";
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }
}
