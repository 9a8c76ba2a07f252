package dev.eventbus.examples.bank;

import dev.eventbus.eventsourcing.Projection;
import dev.eventbus.eventsourcing.RecordedEvent;
import dev.eventbus.examples.bank.BankEvents.AccountOpened;
import dev.eventbus.examples.bank.BankEvents.MoneyDeposited;
import dev.eventbus.examples.bank.BankEvents.MoneyWithdrawn;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Read model: the statement of each account, for the query "what happened on X?". */
final class HistoryProjection implements Projection {
  /** One line of a statement. */
  record Line(long position, String what, long amount, String reference) {
    @Override
    public String toString() {
      return String.format("#%-3d %-9s %6d  %s", position, what, amount, reference);
    }
  }

  private final Map<String, List<Line>> statements = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "history";
  }

  @Override
  public void apply(RecordedEvent event) {
    Object payload = event.payload();
    long position = event.position();
    if (payload instanceof AccountOpened o) {
      add(o.account(), new Line(position, "opened", 0, "owner " + o.owner()));
    } else if (payload instanceof MoneyDeposited d) {
      add(d.account(), new Line(position, "deposit", d.amount(), d.reference()));
    } else if (payload instanceof MoneyWithdrawn w) {
      add(w.account(), new Line(position, "withdrawal", -w.amount(), w.reference()));
    }
  }

  private void add(String account, Line line) {
    statements.computeIfAbsent(account, a -> new CopyOnWriteArrayList<>()).add(line);
  }

  @Override
  public void reset() {
    statements.clear();
  }

  List<Line> statement(String account) {
    return List.copyOf(statements.getOrDefault(account, List.of()));
  }
}
