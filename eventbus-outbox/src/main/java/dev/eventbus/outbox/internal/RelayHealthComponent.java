package dev.eventbus.outbox.internal;

import dev.eventbus.BusHealth;
import dev.eventbus.EventBus;
import dev.eventbus.outbox.OutboxHealth;
import dev.eventbus.spi.BrokerHealth;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A relay's {@link OutboxHealth} as a component of its bus's health ({@link
 * EventBus#addHealthComponent}): the status by the outbox's own rule and a one-line detail. The
 * detail never carries a secret: passwords in URLs and {@code password=} parameters are masked.
 */
public final class RelayHealthComponent {
  /** The longest detail reported. */
  static final int MAX_DETAIL = 300;

  private static final Pattern URL_CREDENTIALS = Pattern.compile("://[^/@\\s]*@");
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password|pwd)=[^&;,\\s)]*");

  private RelayHealthComponent() {}

  /**
   * Adds the relay to the bus's health under {@code outbox}, or {@code outbox:<table>} when a relay
   * of another outbox took that name on this bus, or {@code outbox:<table>:<owner>} when one of the
   * same table did.
   *
   * @param bus the bus
   * @param table the outbox's table
   * @param owner the relay's owner name
   * @param health the relay's health, read on every bus health snapshot
   * @return the registration to close when the relay closes
   */
  public static BusHealth.ComponentRegistration register(
      EventBus bus, String table, String owner, Supplier<OutboxHealth> health) {
    Supplier<BrokerHealth> component = () -> of(health.get());
    List<String> names = List.of("outbox", "outbox:" + table, "outbox:" + table + ":" + owner);
    IllegalArgumentException taken = null;
    for (String name : names) {
      try {
        return bus.addHealthComponent(name, component);
      } catch (IllegalArgumentException e) {
        taken = e;
      }
    }
    throw taken;
  }

  /**
   * The component's state: {@code RUNNING, shards 16, backlog 3, oldest 120 ms} (the shards held,
   * the rows waiting and the oldest one's age at the relay's last look), and when backing off the
   * reason after it.
   *
   * @param h the relay's health
   * @return the state, UP or DOWN as {@link OutboxHealth#status()}
   */
  public static BrokerHealth of(OutboxHealth h) {
    StringBuilder detail = new StringBuilder(h.state().name());
    detail.append(", shards ").append(h.shards().size());
    if (h.backlog() >= 0) {
      detail.append(", backlog ").append(h.backlog());
      detail.append(", oldest ").append(h.oldestAge().toMillis()).append(" ms");
    }
    if (h.detail() != null) {
      detail.append(": ").append(masked(h.detail()));
    }
    String text =
        detail.length() <= MAX_DETAIL ? detail.toString() : detail.substring(0, MAX_DETAIL) + "…";
    return new BrokerHealth(h.status(), text);
  }

  static String masked(String reason) {
    String oneLine = reason.replaceAll("\\s+", " ");
    String noUserInfo = URL_CREDENTIALS.matcher(oneLine).replaceAll("://***@");
    return PASSWORD_PARAMETER.matcher(noUserInfo).replaceAll("$1=***");
  }
}
