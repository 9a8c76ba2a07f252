package dev.eventbus.examples.bank;

import dev.eventbus.EventType;
import dev.eventbus.examples.bank.BankEvents.AccountOpened;
import dev.eventbus.examples.bank.BankEvents.MoneyDeposited;
import dev.eventbus.examples.bank.BankEvents.MoneyWithdrawn;
import java.util.List;

/**
 * The account aggregate: an immutable state, {@link #apply} to evolve it by one event, and commands
 * that decide which events happen (or reject the command by throwing).
 */
@EventType("bank.AccountState") // snapshots of the state are encoded like events
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

  List<Object> open(String id, String owner) {
    if (open) {
      throw new IllegalStateException("account " + id + " is already open");
    }
    return List.of(new AccountOpened(id, owner));
  }

  List<Object> deposit(String id, long amount, String reference) {
    requireOpen(id);
    if (amount <= 0) {
      throw new IllegalArgumentException("a deposit must be positive, got " + amount);
    }
    return List.of(new MoneyDeposited(id, amount, reference));
  }

  List<Object> withdraw(String id, long amount, String reference) {
    requireOpen(id);
    if (amount > balance) {
      throw new IllegalStateException(
          "insufficient funds in " + id + ": balance " + balance + ", asked " + amount);
    }
    return List.of(new MoneyWithdrawn(id, amount, reference));
  }

  private void requireOpen(String id) {
    if (!open) {
      throw new IllegalStateException("account " + id + " is not open");
    }
  }
}
