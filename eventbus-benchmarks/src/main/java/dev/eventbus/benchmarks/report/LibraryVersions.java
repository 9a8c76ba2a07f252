package dev.eventbus.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions of the libraries the benchmark sides run (kafka-clients, amqp-client, Spring Kafka,
 * Spring AMQP, Jackson 2 and 3, Guava), as the build resolved them: Maven writes them into {@code
 * peer-versions.properties}. The shaded jar drops the libraries' manifests, so this is where the
 * results tables learn them. Immutable.
 */
public final class LibraryVersions {
  private static final Properties VERSIONS = load();

  private LibraryVersions() {}

  /**
   * A library's version.
   *
   * @param library {@code kafka-clients}, {@code amqp-client}, {@code spring-kafka}, {@code
   *     spring-amqp}, {@code jackson}, {@code jackson3} or {@code guava}
   * @return the version, or {@code ?} when unknown
   */
  public static String of(String library) {
    return VERSIONS.getProperty(library, "?");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = LibraryVersions.class.getResourceAsStream("/peer-versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read peer-versions.properties", e);
    }
    return p;
  }
}
