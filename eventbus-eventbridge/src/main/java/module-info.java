/**
 * The AWS broker for eventbus: publishing through EventBridge and consuming each group from its SQS
 * queue, on the AWS SDK v2. Its provider is found by {@link java.util.ServiceLoader} as {@code
 * eventbus.broker=eventbridge}.
 */
module dev.eventbus.eventbridge {
  requires transitive dev.eventbus;
  requires transitive software.amazon.awssdk.auth;
  requires transitive software.amazon.awssdk.regions;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.services.eventbridge;
  requires software.amazon.awssdk.services.sqs;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.eventbus.eventbridge;

  provides dev.eventbus.spi.BrokerProvider with
      dev.eventbus.eventbridge.EventBridgeBrokerProvider;
}
