#!/usr/bin/env bash
# Builds the benchmarks, runs them and rewrites the matching section of docs/benchmarks.md.
#
#   eventbus-benchmarks/run-benchmarks.sh [memory|kafka|rabbitmq|eventbridge|eventstore|all] [extra options]
#
# memory    JMH: publish -> handler through EventBus on the in-memory broker vs Guava's
#           AsyncEventBus (the peer), a JSON-serializing ArrayBlockingQueue hand-off (the same work)
#           and the plain ArrayBlockingQueue hand-off (the ceiling), with -prof gc (about 3 min).
#           Extra options go to JMH, for example: -wi 1 -i 2
# kafka     KafkaBroker through EventBus vs Spring Kafka (the peer), kafka-clients doing the
#           envelope by hand and bare kafka-clients (about 6 min). Uses the broker named by
#           EVENTBUS_KAFKA_BOOTSTRAP, or starts a throwaway single-node KRaft broker from the
#           Kafka jars on Maven Central. Extra options:
#           --sizes 100,1024 --warmup 10 --seconds 3 --rounds 3 --rate 20000 (the fixed latency rate)
# rabbitmq  RabbitMqBroker through EventBus vs Spring AMQP in two publish modes (the peers),
#           amqp-client doing the envelope by hand and bare amqp-client, classic and quorum queues
#           (about 12 min), against EVENTBUS_RABBITMQ_URI or amqp://guest:guest@127.0.0.1:5672/.
#           Extra options as for kafka (--rate defaults to 2000), plus --queue-types classic,quorum
# eventbridge  EventBridgeBroker through EventBus vs an AWS SDK v2 receive/delete-batch loop, against
#           ElasticMQ embedded in the benchmark JVM, and entries per PutEvents call against the local
#           EventBridge endpoint of the adapter's tests (about 2 min).
#           Extra options: --sizes 100,1024 --messages 5000 --publish 5000
# eventstore  appends/s and replay events/s of the in-memory and PostgreSQL event stores
#           (EVENTBUS_POSTGRES_URL or the local server; about 1 min).
#           Extra options: --memory-events 50000 --postgres-events 5000 (0 skips PostgreSQL)
#
# Benchmarks are never part of the test run. They load every core: run them on a quiet machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
doc="$root/docs/benchmarks.md"
which="${1:-all}"
[[ $# -gt 0 ]] && shift
extra=("$@")

case "$which" in
  memory | kafka | rabbitmq | eventbridge | eventstore) ;;
  all)
    if ((${#extra[@]} > 0)); then
      echo "extra options go to one harness: name it (memory, kafka, rabbitmq, eventbridge or eventstore)" >&2
      exit 2
    fi
    ;;
  *)
    echo "usage: $0 [memory|kafka|rabbitmq|eventbridge|eventstore|all] [extra options]" >&2
    exit 2
    ;;
esac

log() { echo "== $*"; }

build() {
  cd "$root"
  log "building eventbus-api, the adapters, eventbus-eventsourcing and the benchmarks"
  local flags=(-q -B -Dmaven.test.skip=true -Dspotless.check.skip=true)
  if grep -q '<module>eventbus-benchmarks</module>' pom.xml; then
    # -DskipTests, not maven.test.skip: the benchmarks use the test-jars of eventbridge and
    # eventsourcing, which maven.test.skip would not build.
    ./mvnw -q -B -DskipTests -Dspotless.check.skip=true install -pl eventbus-benchmarks -am
  else
    ./mvnw "${flags[@]}" install -N
    ./mvnw "${flags[@]}" install -pl eventbus-api
    ./mvnw "${flags[@]}" install -f eventbus-kafka/pom.xml
    ./mvnw "${flags[@]}" install -f eventbus-rabbitmq/pom.xml
    # With their test-jars (fixtures the eventbridge and eventstore harnesses use).
    ./mvnw "${flags[@]}" install -f eventbus-testkit/pom.xml
    ./mvnw -q -B -DskipTests -Dspotless.check.skip=true install -f eventbus-eventbridge/pom.xml
    ./mvnw -q -B -DskipTests -Dspotless.check.skip=true install -f eventbus-eventsourcing/pom.xml
    ./mvnw "${flags[@]}" package -f eventbus-benchmarks/pom.xml
  fi
}

run_java() {
  local command_line="eventbus-benchmarks/run-benchmarks.sh $which${extra[*]:+ ${extra[*]}}"
  cd "$here"
  java -Xms512m -Xmx2g \
    "-Deventbus.benchmarks.command=$command_line" \
    "-Deventbus.benchmarks.java-version=$(java -version 2>&1 | tr '\n' ' ')" \
    -cp target/benchmarks.jar "$@"
}

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      echo "$port"
      return
    fi
  done
}

# Starts a single-node KRaft broker (broker and controller in one JVM) on free loopback ports,
# with its own log directory, stopped and removed when this script exits.
start_kafka() {
  cd "$root"
  ./mvnw -q -B -f eventbus-benchmarks/pom.xml dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/kafka-server.classpath
  local cp dir port cport cluster
  cp="$(cat eventbus-benchmarks/target/kafka-server.classpath)"
  dir="$(mktemp -d /tmp/eventbus-bench-kafka.XXXXXX)"
  port="$(free_port)"
  cport="$(free_port)"
  cat > "$dir/server.properties" << PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cluster="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  # --cluster-id=<id> in one word: a random id may start with '-', which as a separate word
  # (after -t or --cluster-id) would be read as an option.
  if ! java -cp "$cp" kafka.tools.StorageTool format "--cluster-id=$cluster" \
    -c "$dir/server.properties" > "$dir/format.log" 2>&1; then
    echo "formatting the KRaft storage failed; its log:" >&2
    cat "$dir/format.log" >&2
    rm -rf "$dir"
    exit 1
  fi
  java -Xms512m -Xmx1g -cp "$cp" kafka.Kafka "$dir/server.properties" > "$dir/broker.log" 2>&1 &
  kafka_pid=$!
  kafka_dir="$dir"
  trap stop_kafka EXIT
  local waited=0
  until (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do
    if ! kill -0 "$kafka_pid" 2> /dev/null || ((waited >= 120)); then
      echo "the Kafka broker did not start; its log:" >&2
      tail -40 "$dir/broker.log" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  export EVENTBUS_KAFKA_BOOTSTRAP="127.0.0.1:$port"
  log "started a KRaft broker at $EVENTBUS_KAFKA_BOOTSTRAP (pid $kafka_pid, dir $dir)"
}

stop_kafka() {
  if [[ -n "${kafka_pid:-}" ]]; then
    kill "$kafka_pid" 2> /dev/null || true
    wait "$kafka_pid" 2> /dev/null || true
    rm -rf "$kafka_dir"
  fi
}

build
if [[ "$which" == memory || "$which" == all ]]; then
  log "in-memory JMH benchmarks"
  run_java dev.eventbus.benchmarks.memory.MemoryBenchmarks "$doc" "${extra[@]}"
fi
if [[ "$which" == kafka || "$which" == all ]]; then
  if [[ -z "${EVENTBUS_KAFKA_BOOTSTRAP:-}" ]]; then
    start_kafka
  fi
  log "Kafka load harness against $EVENTBUS_KAFKA_BOOTSTRAP"
  run_java dev.eventbus.benchmarks.kafka.KafkaLoad --doc "$doc" "${extra[@]}"
  stop_kafka
  kafka_pid=
fi
if [[ "$which" == rabbitmq || "$which" == all ]]; then
  log "RabbitMQ load harness (EVENTBUS_RABBITMQ_URI, else the local server)"
  run_java dev.eventbus.benchmarks.rabbitmq.RabbitMqLoad --doc "$doc" "${extra[@]}"
fi
if [[ "$which" == eventbridge || "$which" == all ]]; then
  log "EventBridge load harness (ElasticMQ and the local EventBridge endpoint, in the JVM)"
  run_java dev.eventbus.benchmarks.eventbridge.EventBridgeLoad --doc "$doc" "${extra[@]}"
fi
if [[ "$which" == eventstore || "$which" == all ]]; then
  log "event store benchmark (in-memory, then PostgreSQL)"
  run_java dev.eventbus.benchmarks.eventstore.EventStoreLoad --doc "$doc" "${extra[@]}"
fi
log "results: $doc"
