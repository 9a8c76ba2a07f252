package dev.eventbus.eventsourcing;

import dev.eventbus.EventBus;
import dev.eventbus.EventType;

/** Payloads of the tests: a bank account, as in the example. */
public final class TestEvents {
  private TestEvents() {}

  @EventType("AccountOpened")
  record AccountOpened(String account, String owner) {}

  @EventType("MoneyDeposited")
  public record MoneyDeposited(String account, long amount) {}

  @EventType("MoneyWithdrawn")
  record MoneyWithdrawn(String account, long amount) {}

  /** Not a registered event type: stored under a type name no reader knows, or mislabelled. */
  record Garbage(String amount) {}

  /** The state of an account aggregate. */
  @EventType("AccountState")
  record Account(String owner, long balance, boolean open) {
    static final Account NONE = new Account(null, 0, false);

    Account apply(Object event) {
      if (event instanceof AccountOpened o) {
        return new Account(o.owner(), 0, true);
      }
      if (event instanceof MoneyDeposited d) {
        return new Account(owner, balance + d.amount(), open);
      }
      if (event instanceof MoneyWithdrawn w) {
        return new Account(owner, balance - w.amount(), open);
      }
      return this;
    }
  }

  /**
   * A bus (in-memory broker) whose type registry knows the test events, as a service that registers
   * its types at start-up would.
   *
   * @return the bus, not started
   */
  public static EventBus newBus() {
    return EventBus.builder()
        .registerType(AccountOpened.class)
        .registerType(MoneyDeposited.class)
        .registerType(MoneyWithdrawn.class)
        .registerType(Account.class)
        .build();
  }
}
