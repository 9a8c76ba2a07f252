package dev.eventbus.spi;

import dev.eventbus.HealthStatus;
import java.util.Objects;

/**
 * The state of a broker's connection, as {@link Broker#health()} reports it.
 *
 * @param status up or down
 * @param detail a short human-readable explanation (never a secret: no credentials, no URLs with
 *     passwords)
 */
public record BrokerHealth(HealthStatus status, String detail) {
  /**
   * Validates.
   *
   * @param status up or down
   * @param detail the explanation
   */
  public BrokerHealth {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * An up state.
   *
   * @param detail the explanation
   * @return the health
   */
  public static BrokerHealth up(String detail) {
    return new BrokerHealth(HealthStatus.UP, detail);
  }

  /**
   * A down state.
   *
   * @param detail the explanation
   * @return the health
   */
  public static BrokerHealth down(String detail) {
    return new BrokerHealth(HealthStatus.DOWN, detail);
  }
}
