// The words of transactions and eligible leader replicas in the log view (issue 16), in English and Chinese.
// Kept apart from strings.ts like stage.ts; same {name} placeholders.
import { type Tables, type Translator, useTranslator } from './translator';

const en = {
  txnLogTitle: 'Offset by offset (broker {broker})',
  txnLogAria: 'The log offset by offset: records, transactions and their markers, the high watermark and the last stable offset',
  lsoStat: 'Last stable offset (LSO)',
  lsoLabel: 'LSO {n}',
  hwLabel: 'HW {n}',
  hwLsoLabel: 'HW = LSO {n}',
  lsoExplainOpen:
    'LSO {lso} < HW {hw}: a transaction is still open at offset {lso}. read_committed consumers stop at the LSO, read_uncommitted ones read up to the HW.',
  lsoExplainEqual: 'LSO = HW: no transaction is open below the high watermark, so read_committed consumers read as far as read_uncommitted ones.',
  kindRecord: 'record',
  kindCommitted: 'committed transaction',
  kindAborted: 'aborted transaction',
  kindOpen: 'open transaction (pending)',
  kindMarker: 'control batch: COMMIT (C) / ABORT (A) marker, one offset',
  cellTitle: 'offset {o}: {kind}',
  cellTitlePid: 'offset {o}: {kind}, producer id {pid}',
  markerTitle: 'offset {o}: {marker} marker of producer id {pid} (a control record: never returned to applications)',
  readUncommitted: 'read_uncommitted',
  readCommitted: 'read_committed',
  readUncommittedHint: 'read_uncommitted gets {n} records: everything below the HW, aborted and open ones too',
  readCommittedHint: 'read_committed gets {n} records: below the LSO, without aborted ones',
  shownFrom: 'offsets {from}–{to} (the last {n})',
  txnTable: 'Transactions (held by their coordinators in __transaction_state)',
  txnId: 'transactional.id',
  txnCoordinator: 'coordinator',
  txnCoordinatorCell: 'Broker {b} · __transaction_state-{p}',
  txnState: 'state',
  txnProducer: 'producer id · epoch',
  txnPartitions: 'partitions in it',
  txnHelp:
    'A transactional id hashes to one __transaction_state partition; its leader is the transaction coordinator. Ongoing: records written, no marker yet. PrepareCommit/PrepareAbort: markers being written. CompleteCommit/CompleteAbort: done.',
  elrBadge: 'ELR [{list}]',
  elrExplain:
    'ELR (eligible leader replicas, KIP-966): replicas that left the ISR while it was below min.insync.replicas; they still hold every committed record, so the controller may elect one when the ISR is empty.',
  lastKnownElr: 'last known ELR [{list}]',
  elrReplica: 'E: an eligible leader replica (ELR): out of the ISR, yet it holds every committed record',
  isrElr: 'ELR [{list}]',
  isrReplicasElr: 'replicas (ISR underlined, ELR dashed)',
  isrFromElr: 'the ISR is empty: eligible replica → leader {b}',
  isrWaitElr: 'no live ISR or eligible replica: the partition waits',
};

const zh: Record<keyof typeof en, string> = {
  txnLogTitle: '逐个位移看日志（Broker {broker}）',
  txnLogAria: '逐个位移的日志：消息、事务及其标记、高水位和最后稳定位移',
  lsoStat: '最后稳定位移（LSO）',
  lsoLabel: 'LSO {n}',
  hwLabel: 'HW {n}',
  hwLsoLabel: 'HW = LSO {n}',
  lsoExplainOpen: 'LSO {lso} < HW {hw}：位移 {lso} 处还有一个未结束的事务。read_committed 消费者停在 LSO，read_uncommitted 消费者读到 HW。',
  lsoExplainEqual: 'LSO = HW：高水位以下没有未结束的事务，所以 read_committed 消费者和 read_uncommitted 消费者读得一样远。',
  kindRecord: '普通消息',
  kindCommitted: '已提交的事务',
  kindAborted: '已中止的事务',
  kindOpen: '未结束的事务（待定）',
  kindMarker: '控制批次：COMMIT（C）/ ABORT（A）标记，占一个位移',
  cellTitle: '位移 {o}：{kind}',
  cellTitlePid: '位移 {o}：{kind}，生产者 ID {pid}',
  markerTitle: '位移 {o}：生产者 ID {pid} 的 {marker} 标记（控制记录：永远不会交给应用）',
  readUncommitted: 'read_uncommitted',
  readCommitted: 'read_committed',
  readUncommittedHint: 'read_uncommitted 读到 {n} 条：HW 以下的全部消息，包括已中止和未结束的',
  readCommittedHint: 'read_committed 读到 {n} 条：LSO 以下、去掉已中止的',
  shownFrom: '位移 {from}–{to}（最后 {n} 个）',
  txnTable: '事务（由各自的协调者保存在 __transaction_state 中）',
  txnId: 'transactional.id',
  txnCoordinator: '协调者',
  txnCoordinatorCell: 'Broker {b} · __transaction_state-{p}',
  txnState: '状态',
  txnProducer: '生产者 ID · 纪元',
  txnPartitions: '涉及的分区',
  txnHelp:
    '一个事务 ID 经哈希落到 __transaction_state 的一个分区，该分区的 leader 就是事务协调者。Ongoing：已写入消息，还没有标记。PrepareCommit/PrepareAbort：正在写标记。CompleteCommit/CompleteAbort：完成。',
  elrBadge: 'ELR [{list}]',
  elrExplain:
    'ELR（合格 leader 副本，KIP-966）：在 ISR 低于 min.insync.replicas 时离开 ISR 的副本；它们仍持有全部已提交的消息，所以 ISR 为空时控制器可以从中选出 leader。',
  lastKnownElr: '最后已知的 ELR [{list}]',
  elrReplica: 'E：合格 leader 副本（ELR）：不在 ISR 中，却持有全部已提交的消息',
  isrElr: 'ELR [{list}]',
  isrReplicasElr: '副本（ISR 加下划线，ELR 加虚线）',
  isrFromElr: 'ISR 为空：合格副本 → leader {b}',
  isrWaitElr: '没有存活的 ISR 或合格副本：分区等待',
};

export type TxnKey = keyof typeof en;
export const txnStrings: Tables<TxnKey> = { en, zh };
export type TT = Translator<TxnKey>;

export function useTxnT(): TT {
  return useTranslator(txnStrings);
}
