import type { ReviewItem } from '../../../../shared/api/types';
import { formatPercent } from '../../lib/format';

/** Why a track is in the queue, in a sentence a person can act on. */
export function reasonText(
  item: ReviewItem,
  predictedName: string,
  currentNames: readonly string[],
  threshold: number | null,
): { title: string; text: string } {
  switch (item.reason) {
    case 'unfamiliar':
      return {
        title: 'Unlike the training music',
        text: `This audio is far from anything the model learned from, so its guess (${predictedName}) may mean little. Listen, then choose the genre yourself.`,
      };
    case 'low-confidence':
      return {
        title: 'Low confidence',
        text: `The model’s best guess is ${predictedName} at only ${formatPercent(item.confidence)}${threshold !== null ? ` (tracks under ${formatPercent(threshold)} are reviewed)` : ''}. It hesitated between genres; listen and confirm.`,
      };
    case 'disagrees-with-tag':
      return {
        title: 'Disagrees with the file’s tag',
        text: `The model is fairly sure this is ${predictedName} (${formatPercent(item.confidence)}), but the file says ${currentNames.join(', ') || 'something else'}. Keep the tag (K) if the file is right.`,
      };
  }
}
