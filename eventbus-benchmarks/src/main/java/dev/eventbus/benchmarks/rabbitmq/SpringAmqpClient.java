package dev.eventbus.benchmarks.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.LoadClient;
import dev.eventbus.benchmarks.load.LoadPayload;
import dev.eventbus.benchmarks.report.LibraryVersions;
import dev.eventbus.rabbitmq.QueueType;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;

/**
 * The RabbitMQ peer: Spring AMQP as a service without Spring Boot uses it, matched to the adapter's
 * defaults. One {@link CachingConnectionFactory} (its publisher connection for the {@link
 * RabbitTemplate}, its main connection for consumers), {@link JacksonJsonMessageConverter} (Spring
 * AMQP 4's Jackson 3 converter; the Jackson 2 {@code Jackson2JsonMessageConverter} is deprecated
 * for removal since 4.0) on both ends, persistent messages (Spring's default) of the same {@link
 * LoadPayload} record the eventbus side publishes. Publishing confirmed in one of two {@link
 * PublishMode}s. Consuming: a {@link DirectMessageListenerContainer} per group, one consumer with
 * the adapter's prefetch, acks of {@link RawRabbitMqClient#EFFECTIVE_ACK_BATCH} messages or after
 * {@link RawRabbitMqClient#ACK_DELAY}, the listener converting each message to the record. Queues
 * are declared through {@link RabbitAdmin} with the adapter's {@link QueueArguments}.
 *
 * <p>{@link #send} is called from one thread at a time; listeners run on the client library's
 * consumer threads. No application context: no metrics, no observation.
 */
final class SpringAmqpClient implements LoadClient {
  /** How the peer waits for publisher confirms. */
  enum PublishMode {
    /** {@link CorrelatedConfirmsPublisher}: a future per message, the documented usage. */
    CORRELATED("correlated confirms"),
    /** {@link BatchConfirmsPublisher}: {@code invoke} and one wait per batch, the best case. */
    BATCHED("invoke + waitForConfirms per batch");

    final String label;

    PublishMode(String label) {
      this.label = label;
    }
  }

  private final PublishMode mode;
  private final QueueType queueType;
  private final String filler;
  private final CachingConnectionFactory connections;
  private final RabbitAdmin admin;
  private final JacksonJsonMessageConverter converter;
  private final SpringPublisher publisher;
  private final List<DirectMessageListenerContainer> containers = new CopyOnWriteArrayList<>();

  /**
   * A client; connects when first used.
   *
   * @param factory the client library's connection factory (copied, automatic recovery off, as on
   *     the raw side: a dropped connection fails the measurement)
   * @param queueType the type of the queues it declares
   * @param payloadSize the JSON payload's size, about
   * @param mode how it waits for confirms
   */
  SpringAmqpClient(
      ConnectionFactory factory, QueueType queueType, int payloadSize, PublishMode mode) {
    this.mode = mode;
    this.queueType = queueType;
    this.filler = LoadPayload.filler(payloadSize);
    ConnectionFactory noRecovery = factory.clone();
    noRecovery.setAutomaticRecoveryEnabled(false);
    this.connections = new CachingConnectionFactory(noRecovery);
    connections.setConnectionNameStrategy(
        f -> "bench-spring-" + mode.name().toLowerCase(Locale.ROOT));
    connections.setPublisherConfirmType(
        mode == PublishMode.CORRELATED
            ? CachingConnectionFactory.ConfirmType.CORRELATED
            : CachingConnectionFactory.ConfirmType.SIMPLE);
    this.admin = new RabbitAdmin(connections);
    this.converter = new JacksonJsonMessageConverter(LoadPayload.class.getPackageName());
    RabbitTemplate template = new RabbitTemplate(connections);
    template.setMessageConverter(converter);
    template.setUsePublisherConnection(true);
    this.publisher =
        mode == PublishMode.CORRELATED
            ? new CorrelatedConfirmsPublisher(template)
            : new BatchConfirmsPublisher(template);
  }

  @Override
  public String name() {
    return "Spring AMQP " + LibraryVersions.of("spring-amqp") + " (" + mode.label + ")";
  }

  @Override
  public void prepare(String topic, String group) {
    String queue = QueueArguments.queue(topic, group);
    String dlq = QueueArguments.deadLetterQueue(queue);
    admin.declareExchange(new TopicExchange(topic, true, false));
    admin.declareQueue(new Queue(dlq, true, false, false, QueueArguments.deadLetter()));
    admin.declareQueue(new Queue(queue, true, false, false, QueueArguments.group(queueType, dlq)));
    admin.declareBinding(new Binding(queue, Binding.DestinationType.QUEUE, topic, "#", null));
  }

  @Override
  public void send(String topic, long intendedNanos, Acks acks) {
    publisher.send(topic, new LoadPayload(intendedNanos, filler), acks);
  }

  @Override
  public AutoCloseable consume(String topic, String group, Receiver receiver) {
    DirectMessageListenerContainer container = new DirectMessageListenerContainer(connections);
    container.setQueueNames(QueueArguments.queue(topic, group));
    container.setConsumersPerQueue(1);
    container.setPrefetchCount(RawRabbitMqClient.PREFETCH);
    container.setMessagesPerAck(RawRabbitMqClient.EFFECTIVE_ACK_BATCH);
    container.setAckTimeout(RawRabbitMqClient.ACK_DELAY.toMillis());
    container.setMessageListener(
        message ->
            receiver.received(((LoadPayload) converter.fromMessage(message)).intendedNanos()));
    container.afterPropertiesSet();
    containers.add(container);
    container.start();
    return () -> {
      container.stop();
      container.destroy();
      containers.remove(container);
    };
  }

  @Override
  public void close() {
    for (DirectMessageListenerContainer c : containers) {
      c.stop();
      c.destroy();
    }
    containers.clear();
    publisher.close();
    connections.destroy();
  }
}
