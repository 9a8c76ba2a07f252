package dev.eventbus.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbox's cases on a durable broker with real acknowledgements, RabbitMQ: a relay killed with
 * SIGKILL, and a broker that drops the relay's connection. Extended per database.
 */
abstract class OutboxRabbitMqCases extends OutboxContract {
  private final String topic = "outbox-" + UUID.randomUUID();

  OutboxRabbitMqCases(String url, OutboxDialect dialect) {
    super(url, dialect);
  }

  private Set<String> write(Outbox outbox, int transactions, int perTransaction, int from)
      throws SQLException {
    Set<String> ids = new HashSet<>();
    for (int t = 0; t < transactions; t++) {
      int base = from + t * perTransaction;
      commit(
          c -> {
            List<Event<Placed>> events = new ArrayList<>();
            for (int i = 0; i < perTransaction; i++) {
              events.add(keyed("key-" + (i % 10), base + i));
            }
            outbox.publishAll(c, topic, events).forEach(e -> ids.add(e.id()));
          });
    }
    return ids;
  }

  @Test
  void aRelayKilledMidBatchLosesNothingAndTheIdempotentGroupSeesEachEventOnce() throws Exception {
    EventBus consumers =
        closeLater(Rabbit.bus("outbox-consumers-" + schema, Duration.ofSeconds(1)));
    Received raw = subscribe(consumers, topic, "raw");
    Received deduplicated = new Received();
    consumers.subscribe(
        topic,
        "deduplicated",
        Placed.class,
        deduplicated::record,
        GroupOptions.custom().idempotent(true).build());
    consumers.start();
    EventBus writing = memoryBus(1024 * 1024);
    Outbox writer = closeLater(outbox().build(writing).createSchema());
    Set<String> written = write(writer, 40, 100, 0);
    int batch = 50;

    Process first = startRelay("crashing", batch);
    Await.until("the first relay published some", WAIT, () -> raw.count() >= 500, raw::count);
    first.destroyForcibly(); // SIGKILL
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long leftAtKill = rows();
    assertThat(leftAtKill).as("rows left when it was killed").isPositive();

    Process second = startRelay("restarted", batch);
    try {
      Await.until("the second relay emptied the table", WAIT, () -> rows() == 0);
      Await.until(
          "every written event reached both groups",
          WAIT,
          () -> raw.ids().containsAll(written) && deduplicated.ids().containsAll(written),
          () -> raw.ids().size() + " / " + deduplicated.ids().size());
    } finally {
      second.destroyForcibly();
      second.waitFor(30, TimeUnit.SECONDS);
    }
    System.out.printf(
        "relay killed on %s: %d written, %d rows left at the kill, %d delivered again to the plain"
            + " group, %d to the idempotent group's handler%n",
        dialect, written.size(), leftAtKill, raw.repeats(), deduplicated.repeats());
    assertThat(raw.repeats())
        .as("events published twice: the batch in flight")
        .isLessThanOrEqualTo(batch);
    assertThat(deduplicated.repeats()).isZero();
    assertThat(deduplicated.count()).isEqualTo(written.size());
  }

  private Process startRelay(String owner, int batch) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            RelayProcess.class.getName(),
            url,
            dialect.name(),
            table(),
            owner + "-" + schema,
            Integer.toString(batch));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.equals("RELAYING")) {
      // the relay's log goes to stderr; stdout carries only the marker
    }
    assertThat(line).as("the relay process started").isEqualTo("RELAYING");
    return p;
  }

  @Test
  void whileTheBrokerDropsTheRelaysConnectionRowsWaitAndTheRelayCatchesUp() throws Exception {
    EventBus consumers =
        closeLater(Rabbit.bus("outbox-consumers-" + schema, Duration.ofSeconds(1)));
    Received received = subscribe(consumers, topic, "billing");
    consumers.start();
    String connection = "outbox-outage-" + schema;
    EventBus relaying = closeLater(Rabbit.bus(connection, Duration.ofSeconds(2)).start());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Outbox outbox = started(outbox().meterRegistry(meters).build(relaying));
    Set<String> written = write(outbox, 5, 20, 0);
    Await.until("the first events arrived", WAIT, () -> received.ids().containsAll(written));

    // The outage lasts until the relay has seen it: the connection is dropped again each time it
    // comes back, while events keep being committed.
    long deadline = System.nanoTime() + WAIT.toNanos();
    int round = 0;
    while (retried(meters) == 0) {
      assertThat(System.nanoTime() - deadline).as("the relay saw the outage in time").isNegative();
      Rabbit.closeConnections(connection);
      written.addAll(write(outbox, 2, 20, 1000 + 40 * round++));
      Await.holdsWithin(Duration.ofSeconds(1), () -> retried(meters) > 0);
    }
    Await.until(
        "every event arrived after the connection came back",
        WAIT,
        () -> received.ids().containsAll(written),
        () -> received.ids().size() + " of " + written.size());
    Await.until("the table is empty", WAIT, () -> rows() == 0);
    Await.until("the relay runs again", WAIT, () -> outbox.relay().state() == RelayState.RUNNING);
    received
        .sequencesByKey()
        .forEach(
            (key, seqs) ->
                assertThat(new HashSet<>(seqs)).as("key %s", key).hasSize(written.size() / 10));
  }

  private static double retried(SimpleMeterRegistry meters) {
    return meters
        .get("eventbus.outbox.publish.failures")
        .tag("outcome", "retried")
        .counter()
        .count();
  }
}
