/**
 * One capability's UI strings in all three languages, kept together so each capability's screen
 * and its words change in one place. zh-CN fixes the key structure; the other two must match it
 * (a missing or extra key fails to compile).
 */
export function defineMessages<T>(zhCN: T, others: { 'zh-TW': NoInfer<T>; en: NoInfer<T> }): { 'zh-CN': T; 'zh-TW': T; en: T } {
  return { 'zh-CN': zhCN, ...others };
}
