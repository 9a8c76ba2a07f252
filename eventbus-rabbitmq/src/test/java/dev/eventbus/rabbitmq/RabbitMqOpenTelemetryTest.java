package dev.eventbus.rabbitmq;

import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.otel.OpenTelemetryContract;

/** The OpenTelemetry contract on a real RabbitMQ, the server of {@link RabbitMqFixture}. */
class RabbitMqOpenTelemetryTest extends OpenTelemetryContract {
  private final RabbitMqFixture rabbit = RabbitMqFixture.get();

  @Override
  protected Broker createBroker() {
    return rabbit.brokerBuilder().build();
  }

  @Override
  protected String publishingSystem() {
    return "rabbitmq";
  }
}
