// The versions the simulated broker serves, per API: what the clients we check against use — kafkajs 2.2.4 and
// librdkafka 2.0.2 (as Debian's kcat 1.7.1 links it). That is the versions they send (measured with
// KAFKA_ANATOMY_TRACE=1 npm run cluster under test:wire: admin, idempotent producers, consumer groups, kcat -L, -P,
// -C, -G) and the versions librdkafka needs the broker to advertise before it turns a feature on (its
// rd_kafka_feature_map in src/rdkafka_feature.c: e.g. MsgVer2 = Produce 3 and Fetch 4, the balanced consumer =
// FindCoordinator 0, OffsetCommit 1-2, OffsetFetch 1, JoinGroup/SyncGroup/Heartbeat/LeaveGroup 0, idempotence =
// InitProducerId 0). Kafka 3.8 serves wider ranges; ApiVersions tells a client these, and a request of any other
// version is refused as Kafka refuses it (the connection closes; ApiVersions answers UNSUPPORTED_VERSION, KIP-511).
export const SUPPORTED = {
  ApiVersions: [0, 3], // kafkajs 2, librdkafka 3 (v0 its fallback and feature probe)
  Metadata: [4, 6], // librdkafka 4, kafkajs 6
  CreateTopics: [3, 3], // kafkajs
  DeleteTopics: [1, 1], // kafkajs
  Produce: [3, 7], // both send 7; librdkafka's MsgVer2 feature needs 3
  Fetch: [4, 11], // both send 11; MsgVer2 needs 4, ZSTD 10
  ListOffsets: [1, 3], // librdkafka 2, kafkajs 3; OffsetTime needs 1
  FindCoordinator: [0, 2], // both send 2; the group coordinator features need 0
  JoinGroup: [0, 5], // both send 5; the balanced consumer needs 0
  SyncGroup: [0, 3], // both send 3; needs 0
  Heartbeat: [0, 3], // both send 3; needs 0
  LeaveGroup: [0, 3], // librdkafka 1, kafkajs 3; needs 0
  OffsetCommit: [2, 7], // kafkajs 5, librdkafka 7; the balanced consumer needs one of 1-2
  OffsetFetch: [1, 7], // kafkajs 4, librdkafka 7; needs 1
  InitProducerId: [0, 4], // kafkajs 1, librdkafka 4; idempotence needs 0
  DescribeGroups: [2, 2], // kafkajs
  ListGroups: [2, 2], // kafkajs
  AddPartitionsToTxn: [0, 3], // kafkajs 1, librdkafka 0; v4+ only come from brokers (KIP-890)
  EndTxn: [0, 3], // kafkajs 1, librdkafka 1 (both transaction version 0: EndTxn v5+ would mean version 2)
} as const satisfies Record<string, readonly [number, number]>;

export type ApiName = keyof typeof SUPPORTED;
