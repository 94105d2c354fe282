/** The action sent with quality results: Luco shows whether the pipeline went on or stopped. */
export type QualityAction = 'Cancelled' | 'Continued';

export function actionFor(exceptionThrown: boolean): QualityAction {
  return exceptionThrown ? 'Cancelled' : 'Continued';
}
