package dev.eventbus.eventsourcing;

import dev.eventbus.Event;
import dev.eventbus.eventsourcing.TestEvents.MoneyDeposited;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

/**
 * Writers append batches of 1 to 3 events to a few shared streams, reading the stream's version
 * first and retrying on a conflict, while a reader follows the global log and records anything it
 * should never see: a gap, a position out of order, or part of a batch.
 */
final class ConcurrentAppends {
  private static final String BATCH = "batch";
  private static final String BATCH_SIZE = "batch-size";

  private final EventStore store;
  private final int writers;
  private final int appendsPerWriter;
  private final List<String> streams = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> appendedIds = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> readerErrors = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Throwable> writerErrors = new ConcurrentLinkedQueue<>();
  private final AtomicInteger conflicts = new AtomicInteger();
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private volatile long readerSaw;

  ConcurrentAppends(EventStore store, int writers, int appendsPerWriter, int streamCount) {
    this.store = store;
    this.writers = writers;
    this.appendsPerWriter = appendsPerWriter;
    for (int i = 0; i < streamCount; i++) {
      streams.add("shared-" + i);
    }
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  void execute() throws InterruptedException {
    Thread reader = new Thread(this::read, "reader");
    reader.start();
    CountDownLatch done = new CountDownLatch(writers);
    for (int w = 0; w < writers; w++) {
      Random random = new Random(w);
      new Thread(
              () -> {
                try {
                  for (int i = 0; i < appendsPerWriter; i++) {
                    appendOneBatch(random);
                  }
                } catch (Throwable e) {
                  writerErrors.add(e);
                } finally {
                  done.countDown();
                }
              },
              "writer-" + w)
          .start();
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("writers did not finish within 60 s");
    }
    writing.set(false);
    reader.join(60_000);
    if (!writerErrors.isEmpty()) {
      throw new AssertionError("a writer failed", writerErrors.peek());
    }
  }

  private void appendOneBatch(Random random) {
    String stream = streams.get(random.nextInt(streams.size()));
    int size = 1 + random.nextInt(3);
    while (true) {
      long version = store.readStream(stream, 1).size();
      String batch = stream + "@" + version + "#" + random.nextLong();
      List<Event<?>> events = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        events.add(
            Event.builder(new MoneyDeposited(stream, i))
                .header(BATCH, batch)
                .header(BATCH_SIZE, Integer.toString(size))
                .build());
      }
      try {
        store.append(stream, version, events).forEach(e -> appendedIds.add(e.id()));
        return;
      } catch (ConcurrencyException e) {
        conflicts.incrementAndGet();
      }
    }
  }

  private void read() {
    long last = 0;
    boolean finalPass = false;
    while (true) {
      boolean stillWriting = writing.get();
      List<RecordedEvent> page = store.readAll(last + 1, 100_000);
      checkBatchesWhole(page);
      for (RecordedEvent e : page) {
        if (e.position() != last + 1) {
          readerErrors.add("after position " + last + " came " + e.position());
        }
        last = e.position();
      }
      readerSaw = last;
      if (page.isEmpty() && stillWriting) {
        awaitAppend(last);
      }
      if (!stillWriting) {
        if (finalPass) {
          return;
        }
        finalPass = true; // one more read after the writers stopped: it must find nothing new
      }
    }
  }

  private void awaitAppend(long last) {
    try {
      store.awaitAppend(last, java.time.Duration.ofMillis(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkBatchesWhole(List<RecordedEvent> page) {
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Integer> expected = new HashMap<>();
    for (RecordedEvent e : page) {
      Map<String, String> headers = e.message().headers();
      seen.merge(headers.get(BATCH), 1, Integer::sum);
      expected.put(headers.get(BATCH), Integer.parseInt(headers.get(BATCH_SIZE)));
    }
    seen.forEach(
        (batch, count) -> {
          if (!count.equals(expected.get(batch))) {
            readerErrors.add(
                "saw " + count + " of the " + expected.get(batch) + " events of " + batch);
          }
        });
  }

  List<String> streams() {
    return streams;
  }

  List<String> appendedIds() {
    return List.copyOf(appendedIds);
  }

  int appendedEvents() {
    return appendedIds.size();
  }

  List<String> readerErrors() {
    return List.copyOf(readerErrors);
  }

  long readerSaw() {
    return readerSaw;
  }

  int conflicts() {
    return conflicts.get();
  }
}
