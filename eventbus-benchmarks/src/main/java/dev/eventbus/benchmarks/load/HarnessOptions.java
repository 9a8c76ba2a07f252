package dev.eventbus.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of the load harnesses: {@code --name value} pairs. Common ones: {@code
 * --doc} (the results file to update; none prints only), {@code --warmup} and {@code --seconds}
 * (per measurement), {@code --sizes} (payload bytes, comma-separated), {@code --rate} (the fixed
 * rate of the latency measurements). Immutable.
 */
public final class HarnessOptions {
  private final Map<String, String> values;

  private HarnessOptions(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Parses {@code --name value} pairs.
   *
   * @param args the arguments
   * @param allowed the names accepted
   * @return the options
   * @throws IllegalArgumentException naming an unknown or incomplete option
   */
  public static HarnessOptions parse(String[] args, List<String> allowed) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--") || !allowed.contains(name.substring(2))) {
        throw new IllegalArgumentException(
            "unknown option '" + name + "'; allowed: --" + String.join(", --", allowed));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      values.put(name.substring(2), args[++i]);
    }
    return new HarnessOptions(values);
  }

  /**
   * An option's value, or a fallback.
   *
   * @param name the name without dashes
   * @param fallback used when absent or blank
   * @return the value
   */
  public String get(String name, String fallback) {
    String v = values.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /**
   * A whole number of seconds.
   *
   * @param name the name
   * @param fallback seconds when absent
   * @return the duration
   */
  public Duration seconds(String name, int fallback) {
    return Duration.ofSeconds(Long.parseLong(get(name, Integer.toString(fallback))));
  }

  /**
   * The fixed rate of the latency measurements, from {@code --rate}.
   *
   * @param fallback events per second when absent
   * @return events per second
   * @throws IllegalArgumentException if it is not a positive number
   */
  public double rate(double fallback) {
    String text = get("rate", null);
    double rate;
    try {
      rate = text == null ? fallback : Double.parseDouble(text);
    } catch (NumberFormatException e) {
      rate = Double.NaN;
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          "--rate " + text + ": events per second, a positive number, for example 20000");
    }
    return rate;
  }

  /**
   * Payload sizes from {@code --sizes}.
   *
   * @return sizes in bytes, 100 and 1024 by default
   */
  public List<Integer> sizes() {
    List<Integer> sizes = new ArrayList<>();
    for (String s : get("sizes", "100,1024").split(",")) {
      sizes.add(Integer.parseInt(s.trim()));
    }
    return sizes;
  }

  /**
   * A payload size as the tables show it.
   *
   * @param bytes the size
   * @return {@code 100 B} or {@code 1 KiB}
   */
  public static String sizeLabel(int bytes) {
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
  }
}
