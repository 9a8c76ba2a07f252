package dev.eventbus.benchmarks.kafka;

import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.LoadClient;
import dev.eventbus.benchmarks.load.LoadPayload;
import dev.eventbus.benchmarks.report.LibraryVersions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * The Kafka peer: Spring Kafka as a service without Spring Boot uses it, with the {@link
 * ClientSettings} every side shares. Publishing: one {@link DefaultKafkaProducerFactory} (one
 * shared producer) and {@code KafkaTemplate.send(topic, payload)} of the same {@link LoadPayload}
 * record the eventbus side publishes, serialized by {@link JacksonJsonSerializer} (Spring Kafka 4's
 * Jackson 3 serializer; the Jackson 2 {@code JsonSerializer} is deprecated for removal since 4.0)
 * with its default type header. Consuming: a {@link ConcurrentMessageListenerContainer} per group
 * with one consumer per partition, a record {@link MessageListener}, {@link
 * JacksonJsonDeserializer} to the record type, {@code AckMode.TIME} every {@link
 * ClientSettings#COMMIT_INTERVAL} with asynchronous commits.
 *
 * <p>{@link #send} may be called from one thread at a time; listeners run on the container's
 * consumer threads. No application context: no metrics, no observation, as a plain container.
 */
final class SpringKafkaClient implements LoadClient {
  private final String bootstrap;
  private final String filler;
  private final BenchTopics topics;
  private final DefaultKafkaProducerFactory<String, LoadPayload> producerFactory;
  private final KafkaTemplate<String, LoadPayload> template;
  private final List<ConcurrentMessageListenerContainer<String, LoadPayload>> containers =
      new CopyOnWriteArrayList<>();

  /**
   * A client with its producer.
   *
   * @param bootstrap the bootstrap servers
   * @param payloadSize the JSON payload's size, about
   * @param topics creates topics
   */
  SpringKafkaClient(String bootstrap, int payloadSize, BenchTopics topics) {
    this.bootstrap = bootstrap;
    this.filler = LoadPayload.filler(payloadSize);
    this.topics = topics;
    this.producerFactory =
        new DefaultKafkaProducerFactory<>(
            ClientSettings.producer(bootstrap, "bench-spring-producer"),
            new StringSerializer(),
            new JacksonJsonSerializer<>());
    this.template = new KafkaTemplate<>(producerFactory);
  }

  @Override
  public String name() {
    return "Spring Kafka " + LibraryVersions.of("spring-kafka");
  }

  @Override
  public void prepare(String topic, String group) {
    topics.create(topic);
  }

  @Override
  public void send(String topic, long intendedNanos, Acks acks) {
    template.send(topic, new LoadPayload(intendedNanos, filler)).whenComplete(acks::outcome);
  }

  @Override
  public AutoCloseable consume(String topic, String group, Receiver receiver) {
    DefaultKafkaConsumerFactory<String, LoadPayload> consumers =
        new DefaultKafkaConsumerFactory<>(
            ClientSettings.consumer(bootstrap, "bench-spring-" + group),
            new StringDeserializer(),
            new JacksonJsonDeserializer<>(LoadPayload.class, false));
    ContainerProperties props = new ContainerProperties(topic);
    props.setGroupId(group);
    props.setAckMode(ContainerProperties.AckMode.TIME);
    props.setAckTime(ClientSettings.COMMIT_INTERVAL.toMillis());
    props.setSyncCommits(false);
    props.setMessageListener(
        (MessageListener<String, LoadPayload>)
            record -> receiver.received(record.value().intendedNanos()));
    ConcurrentMessageListenerContainer<String, LoadPayload> container =
        new ConcurrentMessageListenerContainer<>(consumers, props);
    container.setConcurrency(ClientSettings.PARTITIONS);
    container.setBeanName("bench-spring-" + group);
    containers.add(container);
    container.start();
    return () -> {
      container.stop();
      containers.remove(container);
    };
  }

  @Override
  public void close() {
    containers.forEach(ConcurrentMessageListenerContainer::stop);
    containers.clear();
    producerFactory.destroy();
  }
}
