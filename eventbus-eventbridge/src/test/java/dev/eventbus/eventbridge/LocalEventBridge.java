package dev.eventbus.eventbridge;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A small EventBridge endpoint for tests: speaks the AWS JSON 1.1 protocol as the SDK sends it
 * ({@code X-Amz-Target: AWSEvents.<Operation>}) for PutEvents, PutRule, PutTargets, DescribeRule,
 * CreateEventBus and DescribeEventBus; checks PutEvents' documented limits (1 to 10 entries, 256 KB
 * counted as EventBridge counts entry sizes, required fields, detail a JSON object); matches events
 * against rules ({@link EventPattern}) and delivers each match, before answering, to the rule's SQS
 * targets in the EventBridge → SQS message shape. Faults can be injected: failed entries with an
 * error code ({@code FailedEntryCount}) and throttled requests (HTTP 400 {@code
 * ThrottlingException}).
 */
public final class LocalEventBridge implements AutoCloseable {
  static final String ACCOUNT = "000000000000";
  private static final long MAX_REQUEST_BYTES = 256 * 1024;

  private record Rule(
      String bus, String name, String arn, JsonNode pattern, Map<String, Target> targets) {}

  private record Target(String arn, String messageGroupId) {}

  private final ObjectMapper json = new ObjectMapper();
  private final SqsClient sqs;
  private final String region;
  private volatile HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Map<String, String> buses = new ConcurrentHashMap<>();
  private final Map<String, Rule> rules = new ConcurrentHashMap<>();
  private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
  private final AtomicInteger failEntries = new AtomicInteger();
  private volatile String failureCode = "ThrottlingException";
  private final AtomicInteger throttleRequests = new AtomicInteger();
  private final List<Integer> requestSizes = new CopyOnWriteArrayList<>();
  private final AtomicInteger failedEntries = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();

  /**
   * Starts the endpoint on a free loopback port, with the {@code default} bus.
   *
   * @param sqs the client that delivers matched events to their SQS targets
   * @param region the region written into events and ARNs
   * @throws IOException if the HTTP server cannot start
   */
  public LocalEventBridge(SqsClient sqs, String region) throws IOException {
    this.sqs = sqs;
    this.region = region;
    buses.put("default", busArn("default"));
    server = serve(0);
  }

  private HttpServer serve(int port) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    s.createContext("/", this::handle);
    s.setExecutor(threads);
    s.start();
    return s;
  }

  /**
   * Restarts the endpoint on the same port, keeping buses and rules (EventBridge's state is
   * durable): requests under way get a second to finish, new connections are refused until the
   * endpoint listens again.
   */
  synchronized void restart() throws IOException {
    int port = server.getAddress().getPort();
    server.stop(1);
    server = serve(port);
  }

  /** The endpoint URI to give the SDK ({@code http://127.0.0.1:<port>}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code count} entries fail with the error code, whatever request they are in. */
  void failNextEntries(int count, String errorCode) {
    failureCode = errorCode;
    failEntries.set(count);
  }

  /** The next {@code count} PutEvents requests are refused with ThrottlingException. */
  void throttleNextRequests(int count) {
    throttleRequests.set(count);
  }

  /** Entries per PutEvents request accepted so far, in order. */
  public List<Integer> requestSizes() {
    return List.copyOf(requestSizes);
  }

  int failedEntries() {
    return failedEntries.get();
  }

  int throttledRequests() {
    return throttled.get();
  }

  boolean busExists(String name) {
    return buses.containsKey(name);
  }

  JsonNode rulePattern(String bus, String name) {
    Rule r = rules.get(bus + "/" + name);
    return r == null ? null : r.pattern();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode request = json.readTree(exchange.getRequestBody());
      String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
      try {
        JsonNode response =
            switch (operation) {
              case "PutEvents" -> putEvents(request);
              case "PutRule" -> putRule(request);
              case "PutTargets" -> putTargets(request);
              case "DescribeRule" -> describeRule(request);
              case "CreateEventBus" -> createEventBus(request);
              case "DescribeEventBus" -> describeEventBus(request);
              default -> throw new Failure("UnknownOperationException", "Unknown " + target);
            };
        respond(exchange, 200, response);
      } catch (Failure f) {
        ObjectNode error =
            json.createObjectNode().put("__type", f.code).put("message", f.getMessage());
        exchange.getResponseHeaders().add("x-amzn-ErrorType", f.code);
        respond(exchange, 400, error);
      }
    }
  }

  private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private JsonNode putEvents(JsonNode request) throws IOException {
    JsonNode entries = request.path("Entries");
    if (!entries.isArray() || entries.isEmpty() || entries.size() > 10) {
      throw new Failure(
          "ValidationException", "Entries must hold 1 to 10 entries, not " + entries.size());
    }
    long total = 0;
    for (JsonNode e : entries) {
      total += entrySize(e);
    }
    if (total > MAX_REQUEST_BYTES) {
      throw new Failure(
          "ValidationException", "Total size of the entries in the request is over the limit.");
    }
    if (throttleRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throttled.incrementAndGet();
      throw new Failure("ThrottlingException", "Rate exceeded");
    }
    requestSizes.add(entries.size());
    ArrayNode results = json.createArrayNode();
    int failed = 0;
    for (JsonNode e : entries) {
      ObjectNode result = results.addObject();
      String error = validate(e);
      if (error == null && failEntries.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error = failureCode;
        failedEntries.incrementAndGet();
      }
      if (error != null) {
        result.put("ErrorCode", error).put("ErrorMessage", "Entry failed: " + error);
        failed++;
        continue;
      }
      String id = UUID.randomUUID().toString();
      deliver(e, id);
      result.put("EventId", id);
    }
    return json.createObjectNode().put("FailedEntryCount", failed).set("Entries", results);
  }

  private static long entrySize(JsonNode e) {
    long size = e.has("Time") ? 14 : 0;
    size += utf8(e.path("Source").asText("")) + utf8(e.path("DetailType").asText(""));
    size += utf8(e.path("Detail").asText(""));
    for (JsonNode r : e.path("Resources")) {
      size += utf8(r.asText());
    }
    return size;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private String validate(JsonNode e) {
    if (e.path("Source").asText("").isEmpty()
        || e.path("DetailType").asText("").isEmpty()
        || e.path("Detail").asText("").isEmpty()) {
      return "InvalidArgument";
    }
    if (!buses.containsKey(e.path("EventBusName").asText("default"))) {
      return "InvalidArgument";
    }
    try {
      return json.readTree(e.get("Detail").asText()).isObject() ? null : "MalformedDetail";
    } catch (IOException ex) {
      return "MalformedDetail";
    }
  }

  private void deliver(JsonNode entry, String id) throws IOException {
    String bus = entry.path("EventBusName").asText("default");
    Instant time =
        entry.has("Time")
            ? Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000))
            : Instant.now();
    String detail = entry.get("Detail").asText();
    ObjectNode event = json.createObjectNode();
    event.put("version", "0").put("id", id);
    event.put("detail-type", entry.get("DetailType").asText());
    event.put("source", entry.get("Source").asText());
    event.put("account", ACCOUNT).put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", region);
    event.set(
        "resources", entry.has("Resources") ? entry.get("Resources") : json.createArrayNode());
    String body = withRawDetail(event, detail);
    event.set("detail", json.readTree(detail));
    for (Rule rule : rules.values()) {
      if (rule.bus().equals(bus) && EventPattern.matches(rule.pattern(), event)) {
        for (Target t : rule.targets().values()) {
          send(t, body);
        }
      }
    }
  }

  /** The SQS body: the envelope with the detail exactly as the producer wrote it. */
  private String withRawDetail(ObjectNode event, String detail) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = json.getFactory().createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, JsonNode> f : event.properties()) {
        g.writeFieldName(f.getKey());
        g.writeTree(f.getValue());
      }
      g.writeFieldName("detail");
      g.writeRawValue(detail);
      g.writeEndObject();
    }
    return out.toString();
  }

  private void send(Target target, String body) {
    String queueName = target.arn().substring(target.arn().lastIndexOf(':') + 1);
    String url =
        queueUrls.computeIfAbsent(queueName, n -> sqs.getQueueUrl(b -> b.queueName(n)).queueUrl());
    SendMessageRequest.Builder request =
        SendMessageRequest.builder().queueUrl(url).messageBody(body);
    if (target.messageGroupId() != null) {
      request.messageGroupId(target.messageGroupId());
    }
    sqs.sendMessage(request.build());
  }

  private JsonNode createEventBus(JsonNode request) {
    String name = request.path("Name").asText();
    if (buses.putIfAbsent(name, busArn(name)) != null) {
      throw new Failure("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
    }
    return json.createObjectNode().put("EventBusArn", buses.get(name));
  }

  private JsonNode describeEventBus(JsonNode request) {
    String name = request.path("Name").asText("default");
    String arn = buses.get(name);
    if (arn == null) {
      throw new Failure("ResourceNotFoundException", "Event bus " + name + " does not exist.");
    }
    return json.createObjectNode().put("Name", name).put("Arn", arn);
  }

  private JsonNode putRule(JsonNode request) throws IOException {
    String bus = request.path("EventBusName").asText("default");
    String name = request.path("Name").asText();
    if (!buses.containsKey(bus)) {
      throw new Failure("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
    }
    JsonNode pattern = json.readTree(request.path("EventPattern").asText("{}"));
    String arn =
        "arn:aws:events:"
            + region
            + ":"
            + ACCOUNT
            + ":rule/"
            + (bus.equals("default") ? "" : bus + "/")
            + name;
    rules.compute(
        bus + "/" + name,
        (k, old) ->
            new Rule(
                bus, name, arn, pattern, old == null ? new ConcurrentHashMap<>() : old.targets()));
    return json.createObjectNode().put("RuleArn", arn);
  }

  private JsonNode describeRule(JsonNode request) {
    Rule r = rule(request.path("EventBusName").asText("default"), request.path("Name").asText());
    return json.createObjectNode()
        .put("Name", r.name())
        .put("Arn", r.arn())
        .put("EventPattern", r.pattern().toString())
        .put("State", "ENABLED")
        .put("EventBusName", r.bus());
  }

  private JsonNode putTargets(JsonNode request) {
    Rule r = rule(request.path("EventBusName").asText("default"), request.path("Rule").asText());
    for (JsonNode t : request.path("Targets")) {
      JsonNode group = t.path("SqsParameters").path("MessageGroupId");
      r.targets()
          .put(
              t.path("Id").asText(),
              new Target(t.path("Arn").asText(), group.isMissingNode() ? null : group.asText()));
    }
    return json.createObjectNode()
        .put("FailedEntryCount", 0)
        .set("FailedEntries", json.createArrayNode());
  }

  private Rule rule(String bus, String name) {
    Rule r = rules.get(bus + "/" + name);
    if (r == null) {
      throw new Failure("ResourceNotFoundException", "Rule " + name + " does not exist on " + bus);
    }
    return r;
  }

  private String busArn(String name) {
    return "arn:aws:events:" + region + ":" + ACCOUNT + ":event-bus/" + name;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** An AWS error: HTTP 400 with {@code __type} and a message. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;

    Failure(String code, String message) {
      super(message);
      this.code = code;
    }
  }
}
