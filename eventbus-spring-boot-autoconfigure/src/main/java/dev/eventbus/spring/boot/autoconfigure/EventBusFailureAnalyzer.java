package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ConfigurationException} that stopped startup into Spring Boot's failure report:
 * the description is the exception's message, which names the property, the value as written (never
 * a secret's) and what is allowed; the action says where to change it.
 */
public final class EventBusFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {
  /** Creates the analyzer; Spring Boot does, from {@code META-INF/spring.factories}. */
  public EventBusFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    String key = cause.key();
    String action =
        key != null && key.startsWith("eventbus.")
            ? "Correct the property '"
                + key
                + "' in the application's configuration (application.properties or .yml, a"
                + " profile, a system property or a command-line argument). Every key is listed"
                + " in docs/configuration.md, the broker pages and docs/spring-boot.md."
            : "Correct the eventbus configuration '"
                + key
                + "': see docs/spring-boot.md for handlers and docs/configuration.md for keys.";
    return new FailureAnalysis(
        "The eventbus configuration is invalid. " + cause.getMessage(), action, cause);
  }
}
