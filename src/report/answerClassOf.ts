import { answerClasses, type AnswerClass, type ExchangeRecord } from './Report.js';

/** The class of an HTTP status: `2xx` … `5xx`, or `other-status` for anything outside 200–599. */
export function statusClass(status: number): AnswerClass {
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 400 && status < 500) return '4xx';
  if (status >= 500 && status < 600) return '5xx';
  return 'other-status';
}

/**
 * What came back to an exchange: its `answerClass`, or for a record without one (a report written
 * before the field existed, or built by hand, maybe with a class of its own) the class of its
 * answer's status, else `no-answer`.
 */
export function answerClassOf(exchange: ExchangeRecord): AnswerClass {
  const given = exchange.answerClass;
  if (given !== undefined && answerClasses.includes(given)) return given;
  return exchange.answer === undefined ? 'no-answer' : statusClass(exchange.answer.status);
}
