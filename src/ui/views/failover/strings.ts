// The words of the failover chart (the lesson "Why KRaft"), English and Chinese.
import type { Tables } from '../../i18n/translator';

const en = {
  title: 'Controller failover time against partitions (simulated, measured by the engine)',
  measuring: 'Measuring with the engine: {done} of {total} ({mode}, {partitions} partitions)…',
  measured: 'Six failovers measured by the engine: 3 brokers, one topic, the active controller crashes.',
  failed: 'The measurement failed: {message}',
  retry: 'Measure again',
  zookeeper: 'ZooKeeper mode',
  kraft: 'KRaft mode',
  detect: 'until a new controller is elected',
  detectZk: 'ZooKeeper session timeout, then the /controller race',
  detectKraft: 'Raft fetch timeout, then the vote',
  load: 'reading every partition from ZooKeeper',
  partitionsAxis: 'partitions',
  secondsAxis: 'seconds',
  bar: '{mode}, {partitions} partitions: {total} s in all, {detect} s until elected, {load} s loading ({reads} ZooKeeper reads)',
  colMode: 'Mode',
  colPartitions: 'Partitions',
  colDetect: 'Elected after',
  colLoad: 'Loading',
  colTotal: 'Ready after',
  colReads: 'ZooKeeper reads',
  seconds: '{s} s',
};

const zh: Record<keyof typeof en, string> = {
  title: 'controller 故障转移时间与分区数（模拟时间，由引擎测得）',
  measuring: '正在用引擎测量：第 {done} / {total} 次（{mode}，{partitions} 个分区）……',
  measured: '引擎测得的六次故障转移：3 个 broker、一个主题，活跃 controller 崩溃。',
  failed: '测量失败：{message}',
  retry: '重新测量',
  zookeeper: 'ZooKeeper 模式',
  kraft: 'KRaft 模式',
  detect: '直到选出新 controller',
  detectZk: 'ZooKeeper 会话超时，然后抢占 /controller',
  detectKraft: 'Raft 拉取超时，然后投票',
  load: '从 ZooKeeper 读取每个分区',
  partitionsAxis: '分区数',
  secondsAxis: '秒',
  bar: '{mode}，{partitions} 个分区：共 {total} 秒，其中 {detect} 秒选出新 controller，{load} 秒加载（{reads} 次 ZooKeeper 读取）',
  colMode: '模式',
  colPartitions: '分区数',
  colDetect: '选出用时',
  colLoad: '加载',
  colTotal: '就绪用时',
  colReads: 'ZooKeeper 读取',
  seconds: '{s} 秒',
};

export type FailoverKey = keyof typeof en;
export const failoverStrings: Tables<FailoverKey> = { en, zh };
