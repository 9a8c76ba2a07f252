package dev.eventbus.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A markdown table built row by row. Not thread-safe. */
public final class Table {
  private static final Pattern NUMBER =
      Pattern.compile(
          "[-+±~≈≤≥]*\\s*[0-9][0-9,.]*\\s*(×|%|ms|µs|B)?( / [0-9][0-9,.]*)?( \\(.*\\))?|n/a|—|NaN");

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * A table with these column headings.
   *
   * @param header the headings
   */
  public Table(String... header) {
    this.header = List.of(header);
  }

  /**
   * Adds a row; it must have one cell per column.
   *
   * @param cells the cells
   * @return this table
   */
  public Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(String.valueOf(c));
    }
    rows.add(row);
    return this;
  }

  /**
   * The table as markdown; columns after the first two whose cells are all numbers (or empty) are
   * right-aligned.
   *
   * @return the markdown
   */
  public String toMarkdown() {
    StringBuilder out = new StringBuilder();
    line(out, header);
    out.append("|");
    for (int i = 0; i < header.size(); i++) {
      out.append(numeric(i) ? " ---: |" : " --- |");
    }
    out.append('\n');
    rows.forEach(r -> line(out, r));
    return out.toString();
  }

  private boolean numeric(int column) {
    if (rows.isEmpty() || column < 2) {
      return false;
    }
    for (List<String> row : rows) {
      String cell = row.get(column);
      if (!cell.isEmpty() && !NUMBER.matcher(cell).matches()) {
        return false;
      }
    }
    return true;
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append("|");
    cells.forEach(c -> out.append(' ').append(c.replace("|", "\\|")).append(" |"));
    out.append('\n');
  }

  /**
   * A whole number with thousands separators.
   *
   * @param value the number
   * @return for example {@code 1,234,567}
   */
  public static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  /**
   * A ratio with two decimals (two significant digits below 0.1) and a multiplication sign.
   *
   * @param value the ratio
   * @return for example {@code 0.93×}
   */
  public static String ratio(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, value >= 0.1 ? "%.2f×" : "%.2g×", value);
  }

  /**
   * A number with one decimal.
   *
   * @param value the number
   * @return for example {@code 12.3}
   */
  public static String decimal(double value) {
    return String.format(Locale.ROOT, "%,.1f", value);
  }
}
