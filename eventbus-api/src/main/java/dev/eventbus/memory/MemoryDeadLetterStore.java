package dev.eventbus.memory;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dead letters in process memory, bounded per group; a full group refuses new ones loudly. */
final class MemoryDeadLetterStore implements DeadLetterStore {
  private final int maxPerGroup;
  private final Map<String, LinkedHashMap<String, BrokerMessage>> byGroup = new HashMap<>();

  MemoryDeadLetterStore(int maxPerGroup) {
    this.maxPerGroup = maxPerGroup;
  }

  synchronized void add(String topic, String group, BrokerMessage message) {
    LinkedHashMap<String, BrokerMessage> letters =
        byGroup.computeIfAbsent(topic + '\u0000' + group, k -> new LinkedHashMap<>());
    if (letters.size() >= maxPerGroup) {
      throw new EventBusException(
          "In-memory dead letters of "
              + topic
              + "/"
              + group
              + " are full ("
              + maxPerGroup
              + "); redrive or purge them");
    }
    letters.put(message.headers().get(DeadLetter.ID_HEADER), message);
  }

  @Override
  public synchronized List<BrokerMessage> list(String topic, String group, int max) {
    List<BrokerMessage> result = new ArrayList<>();
    for (BrokerMessage m : letters(topic, group).values()) {
      if (result.size() >= max) {
        break;
      }
      result.add(m);
    }
    return result;
  }

  @Override
  public synchronized long count(String topic, String group) {
    return letters(topic, group).size();
  }

  @Override
  public synchronized boolean delete(String topic, String group, String deadLetterId) {
    return letters(topic, group).remove(deadLetterId) != null;
  }

  @Override
  public synchronized long purge(String topic, String group) {
    LinkedHashMap<String, BrokerMessage> letters = letters(topic, group);
    int n = letters.size();
    letters.clear();
    return n;
  }

  private LinkedHashMap<String, BrokerMessage> letters(String topic, String group) {
    return byGroup.getOrDefault(topic + '\u0000' + group, new LinkedHashMap<>());
  }
}
