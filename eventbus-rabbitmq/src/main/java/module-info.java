/**
 * The RabbitMQ broker for eventbus, on amqp-client: {@code RabbitMqBroker} and its provider, found
 * by {@link java.util.ServiceLoader} as {@code eventbus.broker=rabbitmq}.
 *
 * <p>Exports {@code dev.eventbus.rabbitmq}; {@code dev.eventbus.rabbitmq.internal} is not exported.
 */
module dev.eventbus.rabbitmq {
  requires transitive dev.eventbus;
  requires com.rabbitmq.client;
  requires org.slf4j;

  exports dev.eventbus.rabbitmq;

  provides dev.eventbus.spi.BrokerProvider with
      dev.eventbus.rabbitmq.RabbitMqBrokerProvider;
}
