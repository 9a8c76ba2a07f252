package dev.eventbus.eventbridge.internal;

import dev.eventbus.EventBusException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.SqsParameters;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates or verifies the AWS resources of topics and groups ("AWS resources" in
 * docs/eventbridge.md), and finds group queues. Every step is idempotent, so instances of a group
 * may subscribe at once. Thread-safe; successful lookups are cached.
 */
final class Provisioner {
  private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
  private static final String TARGET_ID = "eventbus-group-queue";
  private static final String DLQ_RETENTION_SECONDS = Integer.toString(14 * 24 * 3600);

  private final EventBridgeClient eventBridge;
  private final SqsClient sqs;
  private final Settings settings;
  private final Names names;
  private final Set<String> knownBuses = ConcurrentHashMap.newKeySet();
  private final Map<String, SqsQueue> queues = new ConcurrentHashMap<>(); // by name, once set up

  Provisioner(EventBridgeClient eventBridge, SqsClient sqs, Settings settings, Names names) {
    this.eventBridge = eventBridge;
    this.sqs = sqs;
    this.settings = settings;
    this.names = names;
  }

  /** With provisioning on, creates the bus if missing; without, PutEvents reports it missing. */
  void ensureBus(String bus) {
    if (!settings.get(Settings.PROVISION) || bus.equals("default") || knownBuses.contains(bus)) {
      return;
    }
    try {
      eventBridge.describeEventBus(b -> b.name(bus));
    } catch (ResourceNotFoundException e) {
      try {
        eventBridge.createEventBus(b -> b.name(bus));
        log.info("Created EventBridge bus {}", bus);
      } catch (ResourceAlreadyExistsException raced) {
        // another instance created it first
      }
    }
    knownBuses.add(bus);
  }

  /** A group's queue, provisioned with all it needs or else looked up; fails if there is none. */
  SqsQueue group(String topic, String group) {
    String name = names.queueName(topic, group);
    SqsQueue queue = queues.get(name);
    try {
      if (queue == null && settings.get(Settings.PROVISION)) {
        queue = provision(topic, group, name);
        queues.put(name, queue);
      } else if (queue == null) {
        queue = queueIfExists(name);
      }
      if (queue == null) {
        String missing =
            "SQS queue %s of group '%s' on topic '%s' does not exist; create it with its rule"
                + " (see docs/eventbridge.md) or set eventbus.eventbridge.provision=true";
        throw new EventBusException(String.format(missing, name, group, topic));
      }
    } catch (SdkException e) {
      throw new EventBusException(
          "Cannot set up the SQS queue of group '" + group + "' on topic '" + topic + "'", e);
    }
    return queue;
  }

  SqsQueue queueIfExists(String queueName) {
    SqsQueue known = queues.get(queueName);
    if (known != null) {
      return known;
    }
    try {
      SqsQueue queue = new SqsQueue(sqs, sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl());
      queues.put(queueName, queue);
      return queue;
    } catch (QueueDoesNotExistException e) {
      return null;
    }
  }

  private SqsQueue provision(String topic, String group, String queueName) {
    String bus = names.busName(topic);
    ensureBus(bus);
    String dlqName = names.deadLetterQueueName(topic, group);
    SqsQueue dlq = createQueue(dlqName, attributes(null));
    queues.put(dlqName, dlq); // the group's first dead letter then needs no lookup
    SqsQueue queue = createQueue(queueName, attributes(dlq.arn()));
    String queueArn = queue.arn();
    String ruleName = names.ruleName(topic, group);
    String ruleArn =
        eventBridge
            .putRule(
                b ->
                    b.name(ruleName)
                        .eventBusName(bus)
                        .eventPattern(names.eventPattern(topic))
                        .state(RuleState.ENABLED)
                        .description("eventbus: topic " + topic + " to group " + group))
            .ruleArn();
    sqs.setQueueAttributes(
        b ->
            b.queueUrl(queue.url())
                .attributes(Map.of(QueueAttributeName.POLICY, queuePolicy(queueArn, ruleArn))));
    Target.Builder target = Target.builder().id(TARGET_ID).arn(queueArn);
    if (settings.fifo()) {
      target.sqsParameters(
          SqsParameters.builder().messageGroupId(SqsQueue.fifoGroup(group)).build());
    }
    var result =
        eventBridge.putTargets(b -> b.rule(ruleName).eventBusName(bus).targets(target.build()));
    if (result.failedEntryCount() != null && result.failedEntryCount() > 0) {
      String refused = "EventBridge refused queue " + queueArn + " as target of rule " + ruleName;
      throw new EventBusException(refused + ": " + result.failedEntries());
    }
    log.info("Provisioned rule {} on bus {} to queue {}", ruleName, bus, queue.url());
    return queue;
  }

  private SqsQueue createQueue(String name, Map<QueueAttributeName, String> attributes) {
    try {
      return new SqsQueue(
          sqs, sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl());
    } catch (QueueNameExistsException e) {
      // exists with other attributes (an older configuration): bring them up to date
      SqsQueue queue = new SqsQueue(sqs, sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
      Map<QueueAttributeName, String> mutable = new HashMap<>(attributes);
      mutable.remove(QueueAttributeName.FIFO_QUEUE);
      sqs.setQueueAttributes(b -> b.queueUrl(queue.url()).attributes(mutable));
      return queue;
    }
  }

  /** A dead-letter queue's attributes, or with {@code dlqArn} a group queue's, redriven to it. */
  private Map<QueueAttributeName, String> attributes(String dlqArn) {
    Map<QueueAttributeName, String> a = new HashMap<>();
    if (dlqArn == null) {
      a.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DLQ_RETENTION_SECONDS);
    } else {
      long visibility = settings.get(Settings.VISIBILITY_TIMEOUT).toSeconds();
      a.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibility));
      int receives = settings.get(Settings.DEAD_LETTER_MAX_RECEIVE_COUNT);
      String redrive = "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"%s\"}";
      a.put(QueueAttributeName.REDRIVE_POLICY, redrive.formatted(dlqArn, receives));
    }
    if (settings.fifo()) {
      a.put(QueueAttributeName.FIFO_QUEUE, "true");
      a.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
    }
    return a;
  }

  /** Lets EventBridge send to the queue, from this rule only. */
  static String queuePolicy(String queueArn, String ruleArn) {
    return """
        {"Version":"2012-10-17","Statement":[{"Sid":"eventbus-eventbridge","Effect":"Allow",\
        "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"%s",\
        "Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
        .formatted(queueArn, ruleArn);
  }
}
