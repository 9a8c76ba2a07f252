package dev.eventbus.benchmarks.kafka;

import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.LoadClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Several eventbus clients as one side: the first publishes, and every one consumes the group, so
 * that the group has one Kafka consumer per client (the layout of Spring Kafka's container with a
 * concurrency above one). For {@link KafkaSolo}; thread-safe as its clients are.
 */
final class ConsumersClient implements LoadClient {
  private final List<LoadClient> clients;

  ConsumersClient(List<LoadClient> clients) {
    this.clients = clients;
  }

  @Override
  public String name() {
    return clients.get(0).name() + " x" + clients.size();
  }

  @Override
  public void prepare(String topic, String group) {
    clients.get(0).prepare(topic, group);
  }

  @Override
  public void send(String topic, long intendedNanos, Acks acks) {
    clients.get(0).send(topic, intendedNanos, acks);
  }

  @Override
  public AutoCloseable consume(String topic, String group, Receiver receiver) {
    List<AutoCloseable> all = new ArrayList<>();
    for (LoadClient c : clients) {
      all.add(c.consume(topic, group, receiver));
    }
    return () -> {
      for (AutoCloseable c : all) {
        c.close();
      }
    };
  }

  @Override
  public void close() {
    clients.forEach(LoadClient::close);
  }
}
