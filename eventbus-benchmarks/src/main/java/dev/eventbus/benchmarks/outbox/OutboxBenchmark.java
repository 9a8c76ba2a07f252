package dev.eventbus.benchmarks.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.benchmarks.load.HarnessOptions;
import dev.eventbus.benchmarks.report.ResultsDocument;
import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.benchmarks.report.Table;
import dev.eventbus.kafka.KafkaBroker;
import dev.eventbus.outbox.Outbox;
import dev.eventbus.outbox.OutboxDialect;
import dev.eventbus.rabbitmq.RabbitMqBroker;
import dev.eventbus.spi.StartPosition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the transactional outbox costs and how fast its relay drains, on PostgreSQL and MariaDB. A
 * main class: {@code OutboxBenchmark [--transactions 5000] [--relay-events 20000] [--bootstrap
 * host:port] [--rabbitmq amqp://..] [--postgres jdbc:..] [--mariadb jdbc:..] [--doc
 * docs/benchmarks.md]}; {@code none} as a URL skips that database or broker, and Kafka runs only
 * with {@code --bootstrap} or {@code EVENTBUS_KAFKA_BOOTSTRAP}.
 *
 * <p><b>Write cost.</b> Writers commit transactions of one small business row ({@code INSERT} of an
 * order), with and without {@code outbox.publish} of a ~100 B event in the same transaction, with 1
 * and 4 writers, each on its own key; the table gives transactions per second and the ratio.
 *
 * <p><b>Relay throughput.</b> The outbox is filled with committed rows (100 per transaction, 50
 * keys), then one relay (default settings: batches of 256) publishes them to the broker, where a
 * group consumes them; the table gives rows per second until the outbox is empty (every row
 * acknowledged by the broker) and until the last event was consumed.
 *
 * <p>Each measurement uses tables of its own in a schema (on MariaDB a database) dropped at the
 * end. Single-threaded driver; not thread-safe.
 */
public final class OutboxBenchmark {
  private static final String SECTION = "outbox";

  /** The benchmark's event: about 100 B of JSON. */
  public record OrderPlaced(String orderId, String customer, long totalCents, String note) {}

  private OutboxBenchmark() {}

  /**
   * Runs the benchmark and writes its section.
   *
   * @param args the options
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    HarnessOptions o =
        HarnessOptions.parse(
            args,
            List.of(
                "transactions",
                "relay-events",
                "bootstrap",
                "rabbitmq",
                "postgres",
                "mariadb",
                "doc"));
    int transactions = Integer.parseInt(o.get("transactions", "5000"));
    int relayEvents = Integer.parseInt(o.get("relay-events", "20000"));
    String bootstrap = o.get("bootstrap", System.getenv("EVENTBUS_KAFKA_BOOTSTRAP"));
    String rabbit =
        o.get(
            "rabbitmq",
            System.getenv()
                .getOrDefault("EVENTBUS_RABBITMQ_URI", "amqp://guest:guest@127.0.0.1:5672/"));
    List<String[]> databases = new ArrayList<>();
    addDatabase(
        databases,
        "PostgreSQL",
        o.get("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    addDatabase(
        databases, "MariaDB", o.get("mariadb", "jdbc:mariadb://127.0.0.1:3306/test?user=root"));
    RunInfo info = RunInfo.start();
    Table writes = new Table("database", "writers", "tx/s without", "tx/s with outbox", "ratio");
    Table relay =
        new Table("database", "broker", "rows", "acknowledged rows/s", "consumed events/s");
    for (String[] db : databases) {
      try (Database d = new Database(db[0], db[1])) {
        for (int writers : new int[] {1, 4}) {
          warmUp(d, writers, transactions / 10);
          double without = writeCost(d, writers, transactions, false);
          double with = writeCost(d, writers, transactions, true);
          writes.row(
              db[0], writers, Table.count(without), Table.count(with), Table.ratio(with / without));
          System.out.printf(
              "%s, %d writer(s): %.0f tx/s without, %.0f with the outbox%n",
              db[0], writers, without, with);
        }
        if (bootstrap != null && !bootstrap.equals("none")) {
          relayRun(d, relay, "Kafka", () -> kafkaBus(bootstrap), relayEvents);
        }
        if (!rabbit.equals("none")) {
          relayRun(d, relay, "RabbitMQ", () -> rabbitBus(rabbit), relayEvents);
        }
      }
    }
    String section = info.toMarkdown() + "\n" + writes.toMarkdown() + "\n" + relay.toMarkdown();
    System.out.println(section);
    String doc = o.get("doc", null);
    if (doc != null) {
      new ResultsDocument(Path.of(doc)).replaceSection(SECTION, "Transactional outbox", section);
      System.out.println("wrote section '" + SECTION + "' of " + doc);
    }
  }

  private static void addDatabase(List<String[]> databases, String name, String url) {
    if (!url.equals("none")) {
      databases.add(new String[] {name, url});
    }
  }

  private static EventBus kafkaBus(String bootstrap) {
    return EventBus.builder()
        .broker(KafkaBroker.builder().bootstrapServers(bootstrap).build())
        .build();
  }

  private static EventBus rabbitBus(String uri) {
    return EventBus.builder().broker(RabbitMqBroker.builder().uri(uri).build()).build();
  }

  /** A schema of the run's own on one database, dropped when closed. */
  private static final class Database implements AutoCloseable {
    final String name;
    final HikariDataSource dataSource;
    final String schema =
        "outbox_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final OutboxDialect dialect;
    int tables;

    Database(String name, String url) throws SQLException {
      this.name = name;
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(8);
      this.dataSource = new HikariDataSource(config);
      this.dialect = OutboxDialect.detect(dataSource);
      execute("CREATE SCHEMA " + schema);
    }

    /** A new outbox and orders table, so that no measurement sees another's rows. */
    String newTables() throws SQLException {
      String prefix = schema + ".t" + tables++;
      execute(
          "CREATE TABLE " + prefix + "_orders (id VARCHAR(64) PRIMARY KEY, total BIGINT NOT NULL)");
      return prefix;
    }

    void execute(String sql) throws SQLException {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    long count(String table) throws SQLException {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    @Override
    public void close() throws SQLException {
      try {
        execute(
            dialect == OutboxDialect.POSTGRESQL
                ? "DROP SCHEMA " + schema + " CASCADE"
                : "DROP DATABASE " + schema);
      } finally {
        dataSource.close();
      }
    }
  }

  private static void warmUp(Database d, int writers, int transactions) throws Exception {
    writeCost(d, writers, transactions, false);
    writeCost(d, writers, transactions, true);
  }

  private static double writeCost(Database d, int writers, int transactions, boolean outboxToo)
      throws Exception {
    String prefix = d.newTables();
    try (EventBus bus = EventBus.builder().build()) {
      Outbox outbox =
          Outbox.builder(d.dataSource).dialect(d.dialect).table(prefix + "_outbox").build(bus);
      if (outboxToo) {
        outbox.createSchema();
      }
      int each = Math.max(1, transactions / writers);
      CountDownLatch done = new CountDownLatch(writers);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long start = System.nanoTime();
      for (int w = 0; w < writers; w++) {
        String key = "customer-" + w;
        Thread writer =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < each; i++) {
                      placeOrder(d, prefix, outboxToo ? outbox : null, key, key + "-" + i);
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  } finally {
                    done.countDown();
                  }
                },
                "outbox-writer-" + w);
        writer.start();
      }
      done.await();
      if (failure.get() != null) {
        throw new IllegalStateException("a writer failed", failure.get());
      }
      return each * writers / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void placeOrder(Database d, String prefix, Outbox outbox, String key, String id)
      throws SQLException {
    try (Connection c = d.dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + prefix + "_orders (id, total) VALUES (?, ?)")) {
        ps.setString(1, id);
        ps.setLong(2, 4_200);
        ps.executeUpdate();
      }
      if (outbox != null) {
        outbox.publish(c, "orders", Event.builder(order(id, key)).partitionKey(key).build());
      }
      c.commit();
    }
  }

  private static OrderPlaced order(String id, String key) {
    return new OrderPlaced(id, key, 4_200, "benchmark order");
  }

  private static void relayRun(
      Database d, Table table, String brokerName, Supplier<EventBus> buses, int events)
      throws Exception {
    String prefix = d.newTables();
    String topic = "outbox-bench-" + UUID.randomUUID().toString().substring(0, 8);
    LongAdder consumed = new LongAdder();
    CountDownLatch all = new CountDownLatch(1);
    try (EventBus bus = buses.get()) {
      // From the earliest offset: a group that joins a fresh topic late must not miss a row.
      GroupOptions fromStart = GroupOptions.custom().startPosition(StartPosition.EARLIEST).build();
      bus.subscribe(
          topic,
          "bench",
          OrderPlaced.class,
          (order, ctx) -> {
            consumed.increment();
            if (consumed.sum() >= events) {
              all.countDown();
            }
          },
          fromStart);
      bus.start();
      try (Outbox outbox =
          Outbox.builder(d.dataSource)
              .dialect(d.dialect)
              .table(prefix + "_outbox")
              .build(bus)
              .createSchema()) {
        fill(d, outbox, topic, events);
        long start = System.nanoTime();
        outbox.relay().start();
        String outboxTable = prefix + "_outbox";
        while (d.count(outboxTable) > 0) {
          all.await(50, TimeUnit.MILLISECONDS); // the wait between two looks at the table
        }
        long acknowledged = System.nanoTime() - start;
        if (!all.await(5, TimeUnit.MINUTES)) {
          throw new IllegalStateException(
              brokerName + ": consumed only " + consumed.sum() + " of " + events);
        }
        long delivered = System.nanoTime() - start;
        double ackRate = events / (acknowledged / 1e9);
        double consumeRate = events / (delivered / 1e9);
        table.row(
            d.name,
            brokerName,
            Table.count(events),
            Table.count(ackRate),
            Table.count(consumeRate));
        System.out.printf(
            "%s → %s: %.0f rows/s acknowledged, %.0f events/s consumed%n",
            d.name, brokerName, ackRate, consumeRate);
      }
    }
  }

  private static void fill(Database d, Outbox outbox, String topic, int events)
      throws SQLException {
    int perTransaction = 100;
    for (int written = 0; written < events; written += perTransaction) {
      try (Connection c = d.dataSource.getConnection()) {
        c.setAutoCommit(false);
        List<Event<OrderPlaced>> batch = new ArrayList<>(perTransaction);
        for (int i = 0; i < perTransaction && written + i < events; i++) {
          String key = "customer-" + ((written + i) % 50);
          batch.add(Event.builder(order("o-" + (written + i), key)).partitionKey(key).build());
        }
        outbox.publishAll(c, topic, batch);
        c.commit();
      }
    }
  }
}
