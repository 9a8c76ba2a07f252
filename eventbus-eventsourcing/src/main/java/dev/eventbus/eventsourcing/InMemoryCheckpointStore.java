package dev.eventbus.eventsourcing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CheckpointStore} in the heap: positions are lost with the process. Thread-safe. */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final Map<String, Long> positions = new ConcurrentHashMap<>();
  private final Map<String, List<ProjectionDeadLetter>> deadLetters = new ConcurrentHashMap<>();

  private InMemoryCheckpointStore() {}

  /**
   * Creates an empty store.
   *
   * @return the store
   */
  public static InMemoryCheckpointStore create() {
    return new InMemoryCheckpointStore();
  }

  @Override
  public long load(String name) {
    return positions.getOrDefault(name, 0L);
  }

  @Override
  public void save(String name, long position) {
    positions.put(name, position);
  }

  @Override
  public void reset(String name) {
    positions.remove(name);
    deadLetters.remove(name);
  }

  @Override
  public void recordDeadLetter(ProjectionDeadLetter deadLetter) {
    deadLetters
        .computeIfAbsent(deadLetter.projection(), n -> new CopyOnWriteArrayList<>())
        .add(deadLetter);
  }

  @Override
  public List<ProjectionDeadLetter> deadLetters(String name) {
    List<ProjectionDeadLetter> list = new ArrayList<>(deadLetters.getOrDefault(name, List.of()));
    list.sort(Comparator.comparingLong(ProjectionDeadLetter::position));
    return List.copyOf(list);
  }
}
