import type { Translations } from '../bundle';

export const follow: Translations = {
  'follow.banner.summoned': '{$INTERPOLATION} hat alle hierher geholt: du folgst {$START_TAG_STRONG}{$INTERPOLATION}{$CLOSE_TAG_STRONG}',
  'follow.banner.following': 'Du folgst {$START_TAG_STRONG}{$INTERPOLATION}{$CLOSE_TAG_STRONG}',
  'follow.banner.stop': 'Beenden',
  'follow.banner.someone': 'jemand',
  'follow.zoom.toolbar': 'Zoom',
  'follow.zoom.out': 'Verkleinern',
  'follow.zoom.reset': 'Zoom auf 100 % zurücksetzen',
  'follow.zoom.level': '{$INTERPOLATION} %',
  'follow.zoom.in': 'Vergrößern',
  'follow.zoom.fit': 'Board einpassen',
  'follow.zoom.summon': 'Alle zu mir holen',
  'follow.zoom.summonTitle': 'Alle zu meiner Ansicht holen',
};
