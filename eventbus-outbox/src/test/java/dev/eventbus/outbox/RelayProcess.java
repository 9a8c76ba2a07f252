package dev.eventbus.outbox;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.EventBus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A relay in a JVM of its own, for the crash test, which kills it with SIGKILL: it relays the table
 * to RabbitMQ until killed, and prints {@code RELAYING} once started.
 *
 * <p>Arguments: JDBC URL, dialect, table, owner, batch size.
 */
public final class RelayProcess {
  private RelayProcess() {}

  public static void main(String[] args) throws InterruptedException {
    HikariDataSource dataSource = Databases.pool(args[0]);
    EventBus bus = Rabbit.bus("outbox-relay-process-" + args[3], Duration.ofSeconds(1)).start();
    Outbox outbox =
        Outbox.builder(dataSource)
            .dialect(OutboxDialect.valueOf(args[1]))
            .table(args[2])
            .owner(args[3])
            .batchSize(Integer.parseInt(args[4]))
            .leaseDuration(Duration.ofSeconds(2))
            .publishTimeout(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(50))
            .build(bus);
    outbox.relay().start();
    System.out.println("RELAYING");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
