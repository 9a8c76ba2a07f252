package dev.eventbus.benchmarks.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.benchmarks.load.LoadPayload;
import dev.eventbus.kafka.ContentMode;
import dev.eventbus.kafka.internal.RecordMapping;
import dev.eventbus.spi.BrokerMessage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-event cost of each CloudEvents content mode on Kafka, with no broker and one thread: what
 * the producer does with a message until its record is in a batch ({@code produce}), and what the
 * consumer does from a fetched batch until the core has the message ({@code consume}: kafka-clients
 * parsing the record and its headers, then the adapter's mapping). The payload's own encoding and
 * decoding are the same in both modes and are left out.
 *
 * <p>Usage: {@code java -jar benchmarks.jar ContentModeBenchmark} (JMH options as usual). The
 * whole-path figures are the Kafka harness's; this isolates the part the content mode changes,
 * which the harness's run-to-run spread on a small machine hides.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ContentModeBenchmark {
  private static final int BATCH = 256;

  /** The content mode. */
  @Param({"BINARY", "STRUCTURED"})
  public ContentMode mode;

  /** The JSON payload's size in bytes, about. */
  @Param({"100", "1024"})
  public int size;

  private BrokerMessage[] messages;
  private MemoryRecords fetched;
  private final ByteBuffer buffer = ByteBuffer.allocate(4 << 20);

  /** Messages as the core hands them to the adapter, and one fetched batch of their records. */
  @Setup
  public void setUp() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String filler = LoadPayload.filler(size);
    messages = new BrokerMessage[BATCH];
    for (int i = 0; i < BATCH; i++) {
      messages[i] =
          BrokerMessage.builder(json.writeValueAsBytes(new LoadPayload(System.nanoTime(), filler)))
              .key("key-" + (i % 16))
              .attribute("id", UUID.randomUUID().toString())
              .attribute("source", "/eventbus/benchmarks")
              .attribute("type", "dev.eventbus.benchmarks.load.LoadPayload")
              .attribute("specversion", "1.0")
              .attribute("time", Instant.now().toString())
              .attribute("datacontenttype", "application/json")
              .attribute("eventversion", "1")
              .build();
    }
    fetched = batch();
  }

  /** Message to record, record into a batch: the producer's work per event before the network. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public MemoryRecords produce() {
    return batch();
  }

  /** A fetched record to the message the core decodes: the consumer's work per event. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void consume(Blackhole sink) {
    for (RecordBatch b : fetched.batches()) {
      for (Record r : b) {
        ConsumerRecord<byte[], byte[]> record =
            new ConsumerRecord<>(
                "events",
                0,
                r.offset(),
                r.timestamp(),
                TimestampType.CREATE_TIME,
                r.keySize(),
                r.valueSize(),
                r.hasKey() ? Utils.toArray(r.key()) : null,
                r.hasValue() ? Utils.toArray(r.value()) : null,
                new RecordHeaders(r.headers()),
                Optional.empty());
        BrokerMessage m = RecordMapping.fromRecord(record);
        sink.consume(m.attributes().get("id"));
        sink.consume(m.body());
      }
    }
  }

  private MemoryRecords batch() {
    buffer.clear();
    MemoryRecordsBuilder builder =
        MemoryRecords.builder(buffer, Compression.NONE, TimestampType.CREATE_TIME, 0L);
    long now = System.currentTimeMillis();
    for (BrokerMessage m : messages) {
      ProducerRecord<byte[], byte[]> r = RecordMapping.toRecord("events", m, Map.of(), mode);
      builder.append(now, r.key(), r.value(), r.headers().toArray());
    }
    return builder.build();
  }
}
