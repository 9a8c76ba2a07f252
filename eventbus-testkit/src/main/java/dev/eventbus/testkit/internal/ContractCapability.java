package dev.eventbus.testkit.internal;

import dev.eventbus.spi.Capabilities;
import java.util.function.Predicate;

/** The capabilities that turn contract tests on or off, by the names the reports print. */
public enum ContractCapability {
  /** {@link Capabilities#orderedByKey()}. */
  ORDERED_BY_KEY(Capabilities::orderedByKey),
  /** {@link Capabilities#persistent()}. */
  PERSISTENT(Capabilities::persistent),
  /** {@link Capabilities#replay()}. */
  REPLAY(Capabilities::replay);

  private final Predicate<Capabilities> declared;

  ContractCapability(Predicate<Capabilities> declared) {
    this.declared = declared;
  }

  /**
   * Whether a broker declares this capability.
   *
   * @param capabilities the broker's capabilities
   * @return true if declared
   */
  public boolean isDeclaredBy(Capabilities capabilities) {
    return declared.test(capabilities);
  }
}
