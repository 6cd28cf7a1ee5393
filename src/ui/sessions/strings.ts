// The saved-clusters strings, English and Chinese (the same shape as src/ui/i18n's tables).
import type { Lang } from '../../scenario/types';
import type { Params } from '../i18n/format';
import { type Tables, translator } from '../i18n/translator';

const en = {
  sessionsButton: 'Saved clusters',
  sessionsTitle: 'Saved clusters',
  sessionsClose: 'Close',
  sessionsEmpty: 'No saved clusters yet.',
  sessionsOpen: 'open',
  sessionsSwitch: 'Switch',
  sessionsRename: 'Rename',
  sessionsRenameLabel: 'New name for {name}',
  sessionsSave: 'Save',
  sessionsCancel: 'Cancel',
  sessionsDelete: 'Delete',
  sessionsDeleteConfirm: 'Delete "{name}" and its logs? This cannot be undone.',
  sessionsDeleteYes: 'Delete',
  sessionsSaved: 'saved {date}',
  sessionsSteps: '{n} commands',
  sessionsLogsOk: 'Logs verified from IndexedDB: {files} files, {bytes} bytes',
  sessionsLogsBad: 'Saved logs differed from the replay ({files} files, {bytes} bytes): saved again',
  quotaExceeded: 'The browser storage is full: the cluster was not saved, and what was saved before is intact. Delete a saved cluster to make room.',
} as const;

export type SessionsKey = keyof typeof en;

const zh: Record<SessionsKey, string> = {
  sessionsButton: '已保存的集群',
  sessionsTitle: '已保存的集群',
  sessionsClose: '关闭',
  sessionsEmpty: '还没有保存的集群。',
  sessionsOpen: '当前',
  sessionsSwitch: '切换',
  sessionsRename: '重命名',
  sessionsRenameLabel: '{name} 的新名称',
  sessionsSave: '保存',
  sessionsCancel: '取消',
  sessionsDelete: '删除',
  sessionsDeleteConfirm: '删除“{name}”及其日志？此操作无法撤销。',
  sessionsDeleteYes: '删除',
  sessionsSaved: '保存于 {date}',
  sessionsSteps: '{n} 条命令',
  sessionsLogsOk: '已从 IndexedDB 校验日志：{files} 个文件，{bytes} 字节',
  sessionsLogsBad: '保存的日志与重放结果不一致（{files} 个文件，{bytes} 字节）：已重新保存',
  quotaExceeded: '浏览器存储空间已满：集群未能保存，之前保存的内容完好无损。请删除一个已保存的集群以腾出空间。',
};

export const sessionStrings: Tables<SessionsKey> = { en, zh };

export function sessionsText(lang: Lang, key: SessionsKey, params?: Params): string {
  return translator(sessionStrings, lang)(key, params);
}
