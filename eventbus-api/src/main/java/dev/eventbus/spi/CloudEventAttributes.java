package dev.eventbus.spi;

import java.util.List;

/**
 * The names of the CloudEvents attributes that eventbus writes or gives a meaning to, as they
 * appear in {@link BrokerMessage#attributes()}: the required ones of CloudEvents 1.0, its optional
 * ones, and the extensions of this project and of distributed tracing. Adapters map these names to
 * their broker's headers (a prefix, or a header of the broker's own); any other attribute travels
 * as an extension under its own name.
 *
 * <p>Constants and a content-type check; the lists are immutable.
 */
public final class CloudEventAttributes {
  /** Required: the event id (eventbus writes a UUIDv7). */
  public static final String ID = "id";

  /** Required: the producer, a URI-reference. */
  public static final String SOURCE = "source";

  /** Required: the event type name. */
  public static final String TYPE = "type";

  /** Required: the CloudEvents version, {@code 1.0}. */
  public static final String SPECVERSION = "specversion";

  /** Optional: when the event happened, RFC 3339. */
  public static final String TIME = "time";

  /** Optional: the subject within the source. */
  public static final String SUBJECT = "subject";

  /** Optional: the payload's media type. */
  public static final String DATACONTENTTYPE = "datacontenttype";

  /** Optional: the schema the payload adheres to. */
  public static final String DATASCHEMA = "dataschema";

  /** Extension: the version of the event type (for upcasting). */
  public static final String EVENTVERSION = "eventversion";

  /** Extension: the partition key (CloudEvents partitioning extension). */
  public static final String PARTITIONKEY = "partitionkey";

  /** Extension: the id of the conversation the event belongs to. */
  public static final String CORRELATIONID = "correlationid";

  /** Extension: the id of the event that caused this one. */
  public static final String CAUSATIONID = "causationid";

  /** Extension: W3C trace context (CloudEvents distributed tracing extension). */
  public static final String TRACEPARENT = "traceparent";

  /** Extension: W3C trace state (CloudEvents distributed tracing extension). */
  public static final String TRACESTATE = "tracestate";

  /** Every name above, required ones first. */
  public static final List<String> ALL =
      List.of(
          ID,
          SOURCE,
          TYPE,
          SPECVERSION,
          TIME,
          SUBJECT,
          DATACONTENTTYPE,
          DATASCHEMA,
          EVENTVERSION,
          PARTITIONKEY,
          CORRELATIONID,
          CAUSATIONID,
          TRACEPARENT,
          TRACESTATE);

  /**
   * The attributes whose values repeat from event to event of one producer (a few sources, types,
   * versions): an adapter may cache their encodings.
   */
  public static final List<String> REPEATING =
      List.of(SOURCE, TYPE, SPECVERSION, DATACONTENTTYPE, DATASCHEMA, EVENTVERSION);

  /**
   * Whether a {@link #DATACONTENTTYPE} is JSON: {@code application/json}, {@code text/json} or any
   * {@code +json} type, parameters and case ignored. An absent content type is JSON, as the
   * CloudEvents JSON format reads it.
   *
   * @param datacontenttype the attribute's value, or null
   * @return whether the payload is JSON text
   */
  public static boolean isJson(String datacontenttype) {
    if (datacontenttype == null) {
      return true;
    }
    int semicolon = datacontenttype.indexOf(';');
    String type =
        (semicolon < 0 ? datacontenttype : datacontenttype.substring(0, semicolon))
            .trim()
            .toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
  }

  private CloudEventAttributes() {}
}
