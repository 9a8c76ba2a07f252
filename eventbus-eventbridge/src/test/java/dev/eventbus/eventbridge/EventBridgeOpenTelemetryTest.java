package dev.eventbus.eventbridge;

import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.otel.OpenTelemetryContract;
import java.time.Duration;

/**
 * The OpenTelemetry contract on EventBridge and SQS ({@link AwsTestEnvironment}): published to
 * EventBridge, processed from the group's SQS queue, and the spans say so.
 */
class EventBridgeOpenTelemetryTest extends OpenTelemetryContract {
  @Override
  protected Broker createBroker() {
    return AwsTestEnvironment.get().broker().build();
  }

  @Override
  protected String publishingSystem() {
    return "aws.eventbridge";
  }

  @Override
  protected String consumingSystem() {
    return "aws_sqs";
  }

  @Override
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(30);
  }
}
