package dev.eventbus.examples.bank;

import dev.eventbus.EventType;

/** The events of a bank account. Their type names are stable: they are stored for ever. */
final class BankEvents {
  private BankEvents() {}

  @EventType("bank.AccountOpened")
  record AccountOpened(String account, String owner) {}

  @EventType("bank.MoneyDeposited")
  record MoneyDeposited(String account, long amount, String reference) {}

  @EventType("bank.MoneyWithdrawn")
  record MoneyWithdrawn(String account, long amount, String reference) {}
}
