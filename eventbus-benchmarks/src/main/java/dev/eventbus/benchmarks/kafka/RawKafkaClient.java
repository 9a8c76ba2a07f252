package dev.eventbus.benchmarks.kafka;

import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.LoadClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A baseline: kafka-clients used directly with the {@link ClientSettings} every side shares,
 * sending and reading records in a {@link RecordFormat}: bare bytes, or the adapter's envelope. One
 * poll thread per group member, manual asynchronous commits every {@link
 * ClientSettings#COMMIT_INTERVAL}. Topics are created beforehand with the adapter's partition count
 * ({@link BenchTopics}).
 */
final class RawKafkaClient implements LoadClient {
  private static final Duration POLL = Duration.ofMillis(100);

  private final String name;
  private final String bootstrap;
  private final RecordFormat format;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String clientId;
  private final BenchTopics topics;
  private final List<Member> members = new CopyOnWriteArrayList<>();

  /** The bare baseline: a value of the payload size, no headers, nothing decoded. */
  RawKafkaClient(String bootstrap, int payloadSize, BenchTopics topics) {
    this("kafka-clients", "bench-raw", bootstrap, RecordFormat.bare(payloadSize), topics);
  }

  /**
   * A baseline sending records in a format of its own.
   *
   * @param name the name in the results
   * @param clientId the prefix of its client ids
   * @param bootstrap the bootstrap servers
   * @param format what is sent and read per record
   * @param topics creates topics
   */
  RawKafkaClient(
      String name, String clientId, String bootstrap, RecordFormat format, BenchTopics topics) {
    this.name = name;
    this.clientId = clientId;
    this.bootstrap = bootstrap;
    this.format = format;
    this.topics = topics;
    this.producer = new KafkaProducer<>(producerConfig(bootstrap, clientId + "-producer"));
  }

  private static Map<String, Object> producerConfig(String bootstrap, String clientId) {
    Map<String, Object> p = ClientSettings.producer(bootstrap, clientId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void prepare(String topic, String group) {
    topics.create(topic);
  }

  @Override
  public void send(String topic, long intendedNanos, Acks acks) {
    producer.send(format.record(topic, intendedNanos), acks::outcome);
  }

  @Override
  public AutoCloseable consume(String topic, String group, Receiver receiver) {
    Member m = new Member(topic, group, receiver);
    members.add(m);
    m.thread.start();
    return () -> {
      m.stop();
      members.remove(m);
    };
  }

  private Map<String, Object> consumerConfig(String group) {
    Map<String, Object> p = ClientSettings.consumer(bootstrap, clientId + "-" + group);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  @Override
  public void close() {
    members.forEach(Member::stop);
    producer.close(Duration.ofSeconds(30));
  }

  /** A poll thread of one group member; it alone touches its consumer. */
  private final class Member {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    Member(String topic, String group, Receiver receiver) {
      this.consumer = new KafkaConsumer<>(consumerConfig(group));
      this.thread = new Thread(() -> poll(topic, receiver), clientId + "-consumer-" + group);
      thread.setDaemon(true);
    }

    private void poll(String topic, Receiver receiver) {
      long commitEvery = ClientSettings.COMMIT_INTERVAL.toNanos();
      long lastCommit = System.nanoTime();
      try {
        consumer.subscribe(List.of(topic));
        while (running) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            receiver.received(format.intendedNanos(r));
          }
          long now = System.nanoTime();
          if (now - lastCommit >= commitEvery) {
            consumer.commitAsync();
            lastCommit = now;
          }
        }
        consumer.commitSync(Duration.ofSeconds(10));
      } catch (WakeupException e) {
        // stopping
      } finally {
        consumer.close(Duration.ofSeconds(10));
      }
    }

    void stop() {
      running = false;
      consumer.wakeup();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
