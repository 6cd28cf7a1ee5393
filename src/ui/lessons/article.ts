// The seed article the lessons follow and correct ("The article says … Kafka does …"): named and linked wherever
// the narration on screen mentions it.
import type { Lang } from '../../scenario/types';

export const ARTICLE = {
  title: '大数据之Kafka史上最详细原理总结',
  site: 'imooc',
  url: 'https://www.imooc.com/article/299379',
} as const;

/** Whether a narration refers to the article ("the article", "the article's"; 文章). */
export function mentionsArticle(text: string, lang: Lang): boolean {
  return lang === 'zh' ? /文章/.test(text) : /\b(the|this) article\b/i.test(text);
}
