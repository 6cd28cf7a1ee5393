// The lesson picker's, lesson panel's and embed dialog's words, in English and Chinese.
// Kept here (not in ../i18n/strings.ts) so the lessons feature is self-contained.
import type { Lang } from '../../scenario/types';
import { fill, type Params } from '../i18n/format';
import { useStore } from '../store';

const en = {
  lessons: 'Lessons',
  lessonsTitle: 'Guided lessons: pick one to walk through a Kafka mechanism step by step',
  lessonsHeading: 'Guided lessons',
  lessonsIntro: 'Each lesson is a scenario with narration. Step forward with → (or the » button) or press Play; at each “Predict, then reveal” checkpoint, choose what you expect before the answer is shown.',
  close: 'Close',
  loadingLessons: 'Loading the lessons…',
  indexFailed: 'The list of lessons could not be loaded ({detail}).',
  lessonFailed: 'The lesson “{id}” could not be loaded ({detail}).',
  lessonInvalid: 'The lesson “{id}” is not a valid scenario (the details are at the top of the page).',
  minutes: '{n} min',
  open: 'Start',
  actionOn: '{action}: {title}',
  restart: 'Start again',
  resume: 'Resume at step {n}',
  notStarted: 'Not started',
  inProgress: 'Step {n} of {total} reached',
  completed: 'Completed',
  completedMark: '✓ Completed',
  progressOf: '{done} of {total} lessons completed',
  current: 'open now',
  group_basics: 'Start here',
  group_failures: 'When things fail',
  group_controller: 'The controller',
  group_replication: 'Replication',
  group_storage: 'Storage on disk',
  group_producers: 'Producers',
  group_consumers: 'Consumers and groups',
  group_operations: 'Operations',
  narration: 'Narration',
  invite: 'New to Kafka’s internals? Guided lessons walk you through them step by step.',
  inviteButton: 'Browse the lessons',
  inviteFirst: 'Start with “{title}” ({n} min)',
  lessonLabel: 'Lesson: {title}',
  stepOf: 'Step {n} of {total}',
  atStart: 'Press Play, or → / » to run the first step.',
  atEnd: 'End of the lesson.',
  predictHeading: 'Predict, then reveal',
  predictHelp: 'Before going on, decide what you expect to happen. Write it down if you like, then press Reveal.',
  predictHelpChoices: 'Before going on, pick what you expect to happen, then press Reveal.',
  choicesLabel: 'Your prediction',
  frozenNote: 'The picture is held before the answer.',
  feedbackRight: '✓ Right.',
  feedbackWrong: '✗ Not quite.',
  feedbackAnswer: 'The answer: {answer}.',
  articleLabel: 'The article:',
  articleLink: '“{title}” (imooc, in Chinese)',
  guessLabel: 'Your prediction (optional)',
  reveal: 'Reveal',
  revealTitle: 'Go to the step that answers, and see what happens',
  yourGuess: 'You predicted: {guess}',
  embed: 'Embed',
  embedTitle: 'Get the HTML to put this lesson, at this step, in a course page',
  embedHeading: 'Embed in a course page',
  embedHelp: 'Paste this HTML into your page. The frame opens “{title}” at step {step}, in {langName}.',
  embedNotBuiltin: 'This scenario (“{id}”) is not a built-in lesson, so the frame cannot load it by id. Host its JSON file and pass its URL as the scenario parameter, or send it with the kafka-anatomy:load message.',
  embedNone: 'No scenario is loaded: the frame will show an empty cluster.',
  snippet: 'Iframe HTML',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Copying is not allowed here: select the text and copy it yourself.',
  langName_en: 'English',
  langName_zh: 'Chinese',
} as const;

export type LessonKey = keyof typeof en;

const zh: Record<LessonKey, string> = {
  lessons: '课程',
  lessonsTitle: '引导课程：选择一课，一步步了解 Kafka 的一个机制',
  lessonsHeading: '引导课程',
  lessonsIntro: '每一课都是带解说的场景。用 →（或 » 按钮）前进，或按“播放”；遇到“先预测，再揭晓”检查点时，先选出你的预测，再看答案。',
  close: '关闭',
  loadingLessons: '正在加载课程…',
  indexFailed: '无法加载课程列表（{detail}）。',
  lessonFailed: '无法加载课程“{id}”（{detail}）。',
  lessonInvalid: '课程“{id}”不是有效的场景（详情见页面顶部）。',
  minutes: '{n} 分钟',
  open: '开始',
  actionOn: '{action}：{title}',
  restart: '重新开始',
  resume: '从第 {n} 步继续',
  notStarted: '未开始',
  inProgress: '已到第 {n} 步，共 {total} 步',
  completed: '已完成',
  completedMark: '✓ 已完成',
  progressOf: '已完成 {done} / {total} 课',
  current: '当前',
  group_basics: '从这里开始',
  group_failures: '出故障时',
  group_controller: 'Controller',
  group_replication: '副本复制',
  group_storage: '磁盘存储',
  group_producers: '生产者',
  group_consumers: '消费者与消费组',
  group_operations: '运维',
  narration: '解说',
  invite: '刚接触 Kafka 的内部机制？引导课程会一步步带你了解。',
  inviteButton: '浏览课程',
  inviteFirst: '从“{title}”开始（{n} 分钟）',
  lessonLabel: '课程：{title}',
  stepOf: '第 {n} 步，共 {total} 步',
  atStart: '按“播放”，或按 → / » 执行第一步。',
  atEnd: '本课结束。',
  predictHeading: '先预测，再揭晓',
  predictHelp: '继续之前，先想好你认为会发生什么。可以写下来，然后按“揭晓”。',
  predictHelpChoices: '继续之前，先选出你认为会发生的情况，然后按“揭晓”。',
  choicesLabel: '你的预测',
  frozenNote: '画面停在答案揭晓之前。',
  feedbackRight: '✓ 答对了。',
  feedbackWrong: '✗ 不太对。',
  feedbackAnswer: '答案是：{answer}。',
  articleLabel: '原文：',
  articleLink: '《{title}》（慕课网 imooc）',
  guessLabel: '你的预测（可选）',
  reveal: '揭晓',
  revealTitle: '跳到揭晓答案的那一步，看看发生了什么',
  yourGuess: '你的预测：{guess}',
  embed: '嵌入',
  embedTitle: '获取 HTML 代码，把本课（当前这一步）放进课程网页',
  embedHeading: '嵌入课程网页',
  embedHelp: '把这段 HTML 粘贴到你的网页中。该框架会以{langName}打开“{title}”的第 {step} 步。',
  embedNotBuiltin: '此场景（“{id}”）不是内置课程，框架无法按 id 加载。请托管它的 JSON 文件并把 URL 作为 scenario 参数传入，或通过 kafka-anatomy:load 消息发送。',
  embedNone: '尚未加载场景：框架将显示一个空集群。',
  snippet: 'iframe 代码',
  copy: '复制',
  copied: '已复制',
  copyFailed: '此处不允许复制：请手动选中文字并复制。',
  langName_en: '英文',
  langName_zh: '中文',
};

export const lessonStrings: Record<Lang, Record<LessonKey, string>> = { en, zh };

export type LT = (key: LessonKey, params?: Params) => string;

export function lessonT(lang: Lang): LT {
  return (key, params) => fill(lessonStrings[lang][key] ?? en[key], params, lang);
}

/** The lesson strings in the app's current language. */
export function useLT(): LT {
  return lessonT(useStore((s) => s.prefs.lang));
}

/** A group id ("replication") as a heading; an unknown group is shown as it is. */
export function groupName(group: string, lang: Lang): string {
  const key = `group_${group}` as LessonKey;
  return key in en ? lessonT(lang)(key) : group;
}
