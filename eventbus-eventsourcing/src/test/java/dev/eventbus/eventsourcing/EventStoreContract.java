package dev.eventbus.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventSerializer;
import dev.eventbus.eventsourcing.TestEvents.Account;
import dev.eventbus.eventsourcing.TestEvents.AccountOpened;
import dev.eventbus.eventsourcing.TestEvents.Garbage;
import dev.eventbus.eventsourcing.TestEvents.MoneyDeposited;
import dev.eventbus.eventsourcing.TestEvents.MoneyWithdrawn;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventStore} keeps, with the aggregates, projections and relay built on
 * it. A store's test extends this class and says how to create a fresh, empty store and where its
 * checkpoints and snapshots go; the nested groups (appending, reading, concurrency, projections,
 * the relay, ...) then run against it. Published in this module's test-jar (classifier {@code
 * tests}), so that a store written elsewhere runs the same suite as the stores of this project.
 *
 * <p>Each test gets a new bus (in-memory broker) and a new store, closed after it. Tests wait with
 * timeouts, never with sleeps; none depends on another.
 */
public abstract class EventStoreContract {
  static final Duration WAIT = Duration.ofSeconds(20);

  /** This test's bus: an in-memory broker whose registry knows the test events. */
  protected EventBus bus;

  /** This test's store, from {@link #createStore}. */
  protected EventStore store;

  /**
   * A fresh, empty store using a serializer; called before every test.
   *
   * @param serializer the bus's serializer, which the store must use for payloads
   * @return the store
   */
  protected abstract EventStore createStore(EventSerializer serializer);

  /**
   * The durable checkpoint store that goes with {@link #store}, or an in-memory one.
   *
   * @return the checkpoint store
   */
  protected abstract CheckpointStore checkpointStore();

  /**
   * The snapshot store that goes with {@link #store}.
   *
   * @return the snapshot store
   */
  protected abstract SnapshotStore snapshotStore();

  /** Releases what {@link #createStore} created. */
  protected void dropStores() {}

  /** Creates this test's bus and store. */
  @BeforeEach
  protected void createBusAndStore() {
    bus = TestEvents.newBus();
    store = createStore(bus.serializer());
  }

  /** Closes this test's bus and drops its stores. */
  @AfterEach
  protected void closeBusAndStore() {
    bus.close();
    dropStores();
  }

  List<RecordedEvent> deposit(String account, long amount) {
    return store.append(account, ExpectedVersion.ANY, List.of(new MoneyDeposited(account, amount)));
  }

  @Nested
  class Appending {
    @Test
    void appendsGetConsecutiveVersionsPerStreamAndPositionsInTheLog() {
      store.append("a", ExpectedVersion.NO_STREAM, List.of(new AccountOpened("a", "Ada")));
      store.append("b", ExpectedVersion.NO_STREAM, List.of(new AccountOpened("b", "Bob")));
      List<RecordedEvent> more =
          store.append("a", 1, List.of(new MoneyDeposited("a", 10), new MoneyDeposited("a", 5)));

      assertThat(more).extracting(RecordedEvent::version).containsExactly(2L, 3L);
      assertThat(more).extracting(RecordedEvent::position).containsExactly(3L, 4L);
      assertThat(store.readStream("a", 1))
          .extracting(RecordedEvent::position)
          .containsExactly(1L, 3L, 4L);
      assertThat(store.readStream("a", 3))
          .extracting(RecordedEvent::payload)
          .containsExactly(new MoneyDeposited("a", 5));
      assertThat(store.readAll(0, 100))
          .extracting(RecordedEvent::streamId)
          .containsExactly("a", "b", "a", "a");
      assertThat(store.headPosition()).isEqualTo(4);
      assertThat(store.readStream("nobody", 1)).isEmpty();
    }

    @Test
    void storedEventsKeepTheCoreEnvelope() {
      Instant time = Instant.parse("2024-05-01T10:15:30.123456Z");
      Event<MoneyDeposited> event =
          Event.builder(new MoneyDeposited("a", 42))
              .id("evt-1")
              .time(time)
              .subject("a")
              .correlationId("flow-7")
              .header("tenant", "acme")
              .build();
      RecordedEvent appended = store.append("a", ExpectedVersion.NO_STREAM, List.of(event)).get(0);

      RecordedEvent read = store.readAll(1, 1).get(0);
      Event<?> e = read.event();
      assertThat(read.id()).isEqualTo("evt-1").isEqualTo(appended.id());
      assertThat(read.recordedAt()).isEqualTo(appended.recordedAt());
      assertThat(e.type()).isEqualTo("MoneyDeposited");
      assertThat(e.eventVersion()).isEqualTo(1);
      assertThat(e.time()).isEqualTo(time);
      assertThat(e.subject()).isEqualTo("a");
      assertThat(e.correlationId()).isEqualTo("flow-7");
      assertThat(e.partitionKey()).as("stream id by default").isEqualTo("a");
      assertThat(e.headers()).containsEntry("tenant", "acme");
      assertThat(e.payload()).isEqualTo(new MoneyDeposited("a", 42));
    }

    @Test
    void aConflictingAppendFailsNamingStreamExpectedAndActualVersion() {
      store.append("a", ExpectedVersion.NO_STREAM, List.of(new AccountOpened("a", "Ada")));
      deposit("a", 10);

      assertThatThrownBy(() -> store.append("a", 1, List.of(new MoneyDeposited("a", 1))))
          .isInstanceOf(ConcurrencyException.class)
          .hasMessageContaining("'a'")
          .hasMessageContaining("expected version 1")
          .hasMessageContaining("at version 2")
          .satisfies(
              e -> {
                ConcurrencyException c = (ConcurrencyException) e;
                assertThat(c.streamId()).isEqualTo("a");
                assertThat(c.expectedVersion()).isEqualTo(1);
                assertThat(c.actualVersion()).isEqualTo(2);
              });
      assertThatThrownBy(
              () ->
                  store.append("a", ExpectedVersion.NO_STREAM, List.of(new MoneyDeposited("a", 1))))
          .isInstanceOf(ConcurrencyException.class)
          .hasMessageContaining("expected version NO_STREAM");
      assertThat(store.readStream("a", 1)).hasSize(2);
      assertThat(deposit("a", 1).get(0).version()).as("ANY appends at any version").isEqualTo(3);
    }

    @Test
    void aMultiEventAppendIsAtomic() {
      store.append(
          "a",
          ExpectedVersion.NO_STREAM,
          List.of(Event.builder(new AccountOpened("a", "Ada")).id("taken").build()));
      List<Event<?>> batch =
          List.of(
              Event.of(new MoneyDeposited("b", 1)),
              Event.of(new MoneyDeposited("b", 2)),
              Event.builder(new MoneyDeposited("b", 3)).id("taken").build());

      assertThatThrownBy(() -> store.append("b", ExpectedVersion.NO_STREAM, batch))
          .isInstanceOf(EventStoreException.class)
          .hasMessageContaining("already stored");
      assertThat(store.readStream("b", 1)).as("no part of the failed append").isEmpty();
      assertThat(store.headPosition()).isEqualTo(1);
      assertThat(store.readAll(0, 100)).hasSize(1);
      List<RecordedEvent> next = store.append("b", ExpectedVersion.NO_STREAM, batch.subList(0, 2));
      assertThat(next).extracting(RecordedEvent::position).containsExactly(2L, 3L);
    }

    @Test
    void readAllPagesThroughTheLog() {
      for (int i = 0; i < 25; i++) {
        deposit("s" + (i % 3), i);
      }
      List<Long> positions = new ArrayList<>();
      for (long from = 1; ; ) {
        List<RecordedEvent> page = store.readAll(from, 10);
        if (page.isEmpty()) {
          break;
        }
        page.forEach(e -> positions.add(e.position()));
        from = page.get(page.size() - 1).position() + 1;
      }
      assertThat(positions)
          .hasSize(25)
          .isSorted()
          .doesNotHaveDuplicates()
          .startsWith(1L)
          .endsWith(25L);
      assertThat(store.readStream("s1", 2, 3))
          .extracting(RecordedEvent::version)
          .containsExactly(2L, 3L, 4L);
    }

    @Test
    void olderEventVersionsAreUpcastWhenRead() {
      try (EventBus v2 =
          EventBus.builder()
              .registerType("MoneyDeposited", 2, MoneyDeposited.class)
              .upcaster(
                  "MoneyDeposited",
                  1,
                  doc ->
                      ((com.fasterxml.jackson.databind.node.ObjectNode) doc)
                          .put("amount", doc.get("cents").asLong() / 100))
              .build()) {
        EventStore reader = createStore(v2.serializer());
        reader.append(
            "a",
            ExpectedVersion.NO_STREAM,
            List.of(
                Event.builder(new Cents("a", 1_500))
                    .type("MoneyDeposited")
                    .eventVersion(1)
                    .build()));

        RecordedEvent read = reader.readStream("a", 1).get(0);
        assertThat(read.storedEventVersion()).isEqualTo("1");
        assertThat(read.event().eventVersion()).isEqualTo(2);
        assertThat(read.payload()).isEqualTo(new MoneyDeposited("a", 15));
      }
    }
  }

  /** Version 1 of MoneyDeposited, in cents. */
  record Cents(String account, long cents) {}

  @Nested
  class Concurrency {
    @Test
    void exactlyOneOfManyConcurrentCreatorsOfAStreamWins() throws Exception {
      int writers = 6;
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger won = new AtomicInteger();
      List<Throwable> lost = new CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String owner = "owner-" + i;
        Thread thread =
            new Thread(
                () -> {
                  try {
                    go.await();
                    store.append(
                        "a", ExpectedVersion.NO_STREAM, List.of(new AccountOpened("a", owner)));
                    won.incrementAndGet();
                  } catch (Throwable e) {
                    lost.add(e);
                  }
                });
        thread.start();
        threads.add(thread);
      }
      go.countDown();
      for (Thread t : threads) {
        t.join(WAIT.toMillis());
      }
      assertThat(won).hasValue(1);
      assertThat(lost)
          .hasSize(writers - 1)
          .allSatisfy(e -> assertThat(e).isInstanceOf(ConcurrencyException.class));
      assertThat(store.readStream("a", 1)).hasSize(1);
    }

    @Test
    void parallelAppendersLoseNothingAndAReaderNeverSeesAGap() throws Exception {
      ConcurrentAppends run = new ConcurrentAppends(store, 4, 40, 3);
      run.execute();

      assertThat(run.readerErrors())
          .as("what the concurrent reader saw (%d conflicts were retried)", run.conflicts())
          .isEmpty();
      List<RecordedEvent> log = store.readAll(0, 100_000);
      assertThat(log).hasSize(run.appendedEvents());
      assertThat(log)
          .extracting(RecordedEvent::position)
          .isEqualTo(ConcurrentAppends.range(1, log.size()));
      assertThat(log)
          .extracting(RecordedEvent::id)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(run.appendedIds());
      for (String stream : run.streams()) {
        List<RecordedEvent> events = store.readStream(stream, 1);
        assertThat(events)
            .extracting(RecordedEvent::version)
            .isEqualTo(ConcurrentAppends.range(1, events.size()));
      }
      assertThat(run.readerSaw()).as("the reader followed the whole log").isEqualTo(log.size());
    }
  }

  @Nested
  class Aggregates {
    AggregateRepository<Account> repository(boolean snapshots) {
      AggregateRepository.Builder<Account> b =
          AggregateRepository.builder(store, Account.NONE, Account::apply);
      return snapshots ? b.snapshots(snapshotStore(), 7).build() : b.build();
    }

    @Test
    void replayingTheStreamsGivesTheLiveState() {
      Map<String, Account> live = BankScenario.run(repository(true), 5, 150, new Random(7));

      AggregateRepository<Account> replaying = repository(false);
      for (Map.Entry<String, Account> e : live.entrySet()) {
        Aggregate<Account> loaded = replaying.load(e.getKey());
        assertThat(loaded.state()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(repository(true).load(e.getKey())).as("from a snapshot").isEqualTo(loaded);
        assertThat(snapshotStore().load(e.getKey())).as("a snapshot was saved").isPresent();
      }
    }

    @Test
    void aRejectedCommandAppendsNothing() {
      AggregateRepository<Account> accounts = repository(false);
      accounts.execute("a", s -> List.of(new AccountOpened("a", "Ada")));

      assertThatThrownBy(
              () ->
                  accounts.execute(
                      "a",
                      s -> {
                        throw new IllegalStateException("balance " + s.balance() + " is too low");
                      }))
          .hasMessage("balance 0 is too low");
      assertThat(accounts.load("a").version()).isEqualTo(1);
    }

    @Test
    void aCommandThatConflictsIsRunAgainOnTheNewState() {
      AggregateRepository<Account> accounts =
          AggregateRepository.builder(store, Account.NONE, Account::apply)
              .retryOnConflict(2)
              .build();
      accounts.execute("a", s -> List.of(new AccountOpened("a", "Ada")));
      List<Long> seenBalances = new ArrayList<>();

      Aggregate<Account> after =
          accounts.execute(
              "a",
              s -> {
                seenBalances.add(s.balance());
                if (seenBalances.size() == 1) {
                  deposit("a", 50); // someone else appends between load and append
                }
                return List.of(new MoneyWithdrawn("a", 20));
              });

      assertThat(seenBalances).containsExactly(0L, 50L);
      assertThat(after.version()).isEqualTo(3);
      assertThat(after.state().balance()).isEqualTo(30);
      assertThat(accounts.load("a")).isEqualTo(after);
    }
  }

  @Nested
  class Projections {
    @Test
    void aRebuildFromZeroGivesTheSameReadModel() throws Exception {
      Map<String, Account> live = BankScenario.run(repository(), 4, 80, new Random(11));
      BalanceProjection balances = new BalanceProjection("balances");
      try (ProjectionRunner runner =
          ProjectionRunner.builder(store).add(balances, checkpointStore()).pageSize(16).build()) {
        runner.start();
        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        Map<String, Long> before = balances.balances();
        Map<String, Long> expected = new TreeMap<>();
        live.forEach((account, state) -> expected.put(account, state.balance()));
        assertThat(before).isEqualTo(expected);

        runner.rebuild("balances");
        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(balances.balances()).isEqualTo(before);
        assertThat(balances.applied())
            .as("each event once, in order")
            .isEqualTo(ConcurrentAppends.range(1, (int) store.headPosition()));
        assertThat(runner.status("balances").checkpoint()).isEqualTo(store.headPosition());
        assertThat(checkpointStore().load("balances")).isEqualTo(store.headPosition());
      }
    }

    AggregateRepository<Account> repository() {
      return AggregateRepository.builder(store, Account.NONE, Account::apply).build();
    }

    @Test
    void projectionsRunIndependentlyAndAFailureNamesTheEvent() throws Exception {
      for (int i = 1; i <= 5; i++) {
        deposit("a", i);
      }
      BalanceProjection healthy = new BalanceProjection("healthy");
      Projection broken =
          new Projection() {
            @Override
            public String name() {
              return "broken";
            }

            @Override
            public void apply(RecordedEvent e) {
              if (e.position() == 3) throw new IllegalStateException("bug in the projection");
            }

            @Override
            public void reset() {}
          };
      try (ProjectionRunner runner =
          ProjectionRunner.builder(store).add(broken).add(healthy).build()) {
        runner.start();
        Await.until(
            () -> runner.status("broken").state() == ProcessingState.FAILED,
            () -> "broken fails: " + runner.status("broken"));
        deposit("a", 6);
        Await.until(
            () -> healthy.balances().getOrDefault("a", 0L) == 21,
            () -> "healthy: " + healthy.balances());

        ProjectionStatus status = runner.status("broken");
        assertThat(status.checkpoint()).isEqualTo(2);
        assertThat(status.lag()).isEqualTo(4);
        assertThat(status.failure())
            .get()
            .isInstanceOf(ProjectionException.class)
            .extracting(Throwable::getMessage)
            .asString()
            .contains(
                "'broken'",
                "position 3",
                "stream 'a' version 3",
                "MoneyDeposited",
                "bug in the projection");
        assertThat(runner.status("healthy").state()).isEqualTo(ProcessingState.RUNNING);
        assertThatThrownBy(() -> runner.awaitCaughtUp(WAIT))
            .isInstanceOf(ProjectionException.class);
      }
    }

    @Test
    void lagIsAGaugeOfHeadMinusCheckpoint() throws Exception {
      CountDownLatch release = new CountDownLatch(1);
      Projection slow =
          new Projection() {
            @Override
            public String name() {
              return "slow";
            }

            @Override
            public void apply(RecordedEvent e) throws InterruptedException {
              release.await();
            }

            @Override
            public void reset() {}
          };
      for (int i = 0; i < 10; i++) {
        deposit("a", i);
      }
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (ProjectionRunner runner =
          ProjectionRunner.builder(store).add(slow).meterRegistry(registry).build()) {
        runner.start();
        assertThat(
                registry.get("eventbus.projection.lag").tag("projection", "slow").gauge().value())
            .isEqualTo(10.0);
        release.countDown();
        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(
                registry.get("eventbus.projection.lag").tag("projection", "slow").gauge().value())
            .isZero();
      }
      assertThat(registry.find("eventbus.projection.lag").gauges())
          .as("removed at close")
          .isEmpty();
    }
  }

  @Nested
  class BadInput {
    /** Positions 1, 2 and 4 are good deposits; 3 is bad. */
    void appendWithBadEventAtPosition3(Event<?> bad) {
      deposit("a", 1);
      deposit("a", 2);
      store.append("a", ExpectedVersion.ANY, List.of(bad));
      deposit("a", 4);
    }

    void assertStopsAt3(String... messageParts) throws Exception {
      BalanceProjection balances = new BalanceProjection("balances");
      try (ProjectionRunner runner =
          ProjectionRunner.builder(store).add(balances, checkpointStore()).build()) {
        runner.start();
        assertThatThrownBy(() -> runner.awaitCaughtUp(WAIT))
            .isInstanceOf(ProjectionException.class)
            .hasMessageContaining("position 3")
            .hasMessageContaining("stream 'a' version 3")
            .hasMessageContainingAll(messageParts);
        ProjectionStatus status = runner.status("balances");
        assertThat(status.state()).isEqualTo(ProcessingState.FAILED);
        assertThat(status.checkpoint()).isEqualTo(2);
        assertThat(((ProjectionException) status.failure().orElseThrow()).position()).isEqualTo(3);
        assertThat(balances.applied()).containsExactly(1L, 2L);
        assertThat(checkpointStore().load("balances")).isEqualTo(2);
      }
    }

    @Test
    void anEventOfAnUnknownTypeStopsTheProjectionNamingIt() throws Exception {
      appendWithBadEventAtPosition3(Event.builder(new Garbage("x")).type("AccountFrozen").build());
      assertStopsAt3("unknown type 'AccountFrozen'");
    }

    @Test
    void aPayloadThatNoLongerDecodesStopsTheProjectionNamingIt() throws Exception {
      appendWithBadEventAtPosition3(
          Event.builder(new Garbage("ten")).type("MoneyDeposited").build());
      assertStopsAt3("type MoneyDeposited");
    }

    @Test
    void aVersionWithoutUpcastingPathStopsTheProjectionNamingIt() throws Exception {
      appendWithBadEventAtPosition3(
          Event.builder(new MoneyDeposited("a", 3)).eventVersion(9).build());
      assertStopsAt3("eventversion 9");
    }

    @Test
    void withTheDeadLetterPolicyABadEventIsRecordedAndSkipped() throws Exception {
      appendWithBadEventAtPosition3(Event.builder(new Garbage("x")).type("AccountFrozen").build());
      BalanceProjection balances = new BalanceProjection("balances");
      try (ProjectionRunner runner =
          ProjectionRunner.builder(store)
              .add(balances, checkpointStore())
              .badEventPolicy(BadEventPolicy.DEAD_LETTER)
              .build()) {
        runner.start();
        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();

        assertThat(balances.applied()).containsExactly(1L, 2L, 4L);
        assertThat(runner.status("balances").state()).isEqualTo(ProcessingState.RUNNING);
        assertThat(runner.deadLetters("balances"))
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.projection()).isEqualTo("balances");
                  assertThat(d.position()).isEqualTo(3);
                  assertThat(d.streamId()).isEqualTo("a");
                  assertThat(d.version()).isEqualTo(3);
                  assertThat(d.type()).isEqualTo("AccountFrozen");
                  assertThat(d.error()).contains("unknown type 'AccountFrozen'");
                });
        runner.rebuild("balances");
        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(runner.deadLetters("balances")).as("recorded again, once").hasSize(1);
      }
    }
  }

  @Nested
  class Relay {
    @Test
    void aCrashBetweenAppendAndPublishLosesNothing() throws Exception {
      List<String> received = new CopyOnWriteArrayList<>();
      bus.subscribe(
          "accounts", "audit", MoneyDeposited.class, (d, ctx) -> received.add(ctx.event().id()));
      bus.start();
      CheckpointStore checkpoints = checkpointStore();
      for (int i = 0; i < 30; i++) {
        deposit("acc-" + (i % 3), i); // appended while no relay runs: a crash before any publish
      }
      EventRelay crashing =
          EventRelay.builder(store, bus)
              .name("outbox")
              .checkpointStore(checkpoints)
              .pageSize(8)
              .topic(
                  e -> {
                    if (e.position() == 20)
                      throw new IllegalStateException(
                          "simulated crash before publishing position 20");
                    return "accounts";
                  })
              .build();
      crashing.start();
      Await.until(
          () -> crashing.state() == ProcessingState.FAILED,
          () -> "relay stops: " + crashing.state());
      assertThat(crashing.position()).isEqualTo(19);
      assertThat(crashing.failure())
          .get()
          .extracting(Throwable::getMessage)
          .asString()
          .contains("position=20");
      crashing.close();
      assertThat(checkpoints.load("outbox")).isEqualTo(19);
      for (int i = 30; i < 40; i++) {
        deposit("acc-" + (i % 3), i);
      }

      try (EventRelay relay =
          EventRelay.builder(store, bus)
              .name("outbox")
              .checkpointStore(checkpoints)
              .topic(e -> "accounts")
              .build()) {
        relay.start();
        assertThat(relay.awaitPosition(40, WAIT)).isTrue();
      }
      List<RecordedEvent> stored = store.readAll(0, 1_000);
      Set<String> storedIds = new HashSet<>();
      stored.forEach(e -> storedIds.add(e.id()));
      Await.until(
          () -> new HashSet<>(received).containsAll(storedIds), () -> "all 40 events published");
      assertThat(new HashSet<>(received)).isEqualTo(storedIds);
      assertThat(checkpoints.load("outbox")).isEqualTo(40);
      Map<String, List<String>> firstSeenPerStream = new HashMap<>();
      Set<String> seen = new HashSet<>();
      Map<String, String> streamOf = new HashMap<>();
      stored.forEach(e -> streamOf.put(e.id(), e.streamId()));
      for (String id : received) {
        if (seen.add(id)) {
          firstSeenPerStream.computeIfAbsent(streamOf.get(id), s -> new ArrayList<>()).add(id);
        }
      }
      for (String stream : List.of("acc-0", "acc-1", "acc-2")) {
        assertThat(firstSeenPerStream.get(stream))
            .as("order of " + stream)
            .isEqualTo(store.readStream(stream, 1).stream().map(RecordedEvent::id).toList());
      }
    }
  }

  @Nested
  class Subscriptions {
    @Test
    void aSubscriptionDeliversFromAPositionThenLiveAppends() throws Exception {
      for (int i = 1; i <= 5; i++) {
        deposit("a", i);
      }
      List<Long> positions = new CopyOnWriteArrayList<>();
      try (LogSubscription subscription = store.subscribe(3, e -> positions.add(e.position()))) {
        assertThat(subscription.awaitPosition(5, WAIT)).isTrue();
        deposit("b", 6);
        deposit("b", 7);
        assertThat(subscription.awaitPosition(7, WAIT)).isTrue();
        assertThat(subscription.state()).isEqualTo(ProcessingState.RUNNING);
      }
      assertThat(positions).containsExactly(3L, 4L, 5L, 6L, 7L);
    }
  }
}
