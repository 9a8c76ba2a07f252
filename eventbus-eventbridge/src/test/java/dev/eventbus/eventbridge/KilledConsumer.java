package dev.eventbus.eventbridge;

import dev.eventbus.EventBus;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.StartPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A consumer process for the crash test, started in its own JVM and killed with SIGKILL: it
 * subscribes, prints {@code READY}, then prints {@code RECEIVED <id>} for each delivery and never
 * settles one.
 *
 * <p>Arguments: EventBridge endpoint, SQS endpoint, region, name prefix, visibility timeout in
 * seconds, topic, group. With endpoints {@code -}, the SDK's defaults are used (AWS); credentials
 * are local ones for the embedded stack, the SDK's default chain otherwise.
 */
public final class KilledConsumer {
  private KilledConsumer() {}

  public static void main(String[] args) throws InterruptedException {
    EventBridgeBroker.Builder b =
        EventBridgeBroker.builder()
            .region(Region.of(args[2]))
            .provision(true)
            .queuePrefix(args[3])
            .rulePrefix(args[3])
            .visibilityTimeout(Duration.ofSeconds(Long.parseLong(args[4])))
            .pollWait(Duration.ofSeconds(1));
    if (!args[0].equals("-")) {
      b.eventBridgeEndpoint(URI.create(args[0]));
    }
    if (!args[1].equals("-")) {
      b.sqsEndpoint(URI.create(args[1]));
    }
    if (args.length > 7 && args[7].equals("local")) {
      b.credentials(
          StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local-secret")));
    }
    EventBridgeBroker broker = b.build();
    broker.start(
        new BrokerContext(
            Scheduler.system(),
            new SimpleMeterRegistry(),
            EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
    broker.subscribe(
        new ConsumerSpec(args[5], args[6], 10, StartPosition.LATEST, false),
        delivery -> {
          System.out.println("RECEIVED " + delivery.message().id());
          System.out.flush();
        });
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
