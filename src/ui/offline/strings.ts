// The offline notices' words, in English and Chinese (same shape as ../i18n: two tables with the same keys).
import type { Tables } from '../i18n/translator';

const en = {
  offlineReady: 'Kafka Anatomy now works offline: the app and every lesson are saved on this device.',
  updateReady: 'A new version of Kafka Anatomy is available. Your clusters are kept.',
  reload: 'Reload',
  later: 'Later',
  close: 'Close',
};

export type OfflineKey = keyof typeof en;

const zh: Record<OfflineKey, string> = {
  offlineReady: '现在可以离线使用 Kafka Anatomy：应用和所有课程都已保存在本设备上。',
  updateReady: 'Kafka Anatomy 有新版本。你的集群会保留。',
  reload: '重新加载',
  later: '稍后',
  close: '关闭',
};

export const offlineStrings: Tables<OfflineKey> = { en, zh };
