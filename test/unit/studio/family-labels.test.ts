import { FAMILIES, FAMILY_NAMES } from '../../../server/rulesets/families';
import { EVENT_TYPE_LABELS, FAMILY_LABELS } from '../../../studio/src/terms';

/** Every rule family and every event type of its vocabulary has a bilingual studio label. */
test('each family and event type has a Chinese and English label', () => {
  const bilingual = /[\u4e00-\u9fff].* [A-Za-z]/;
  for (const family of FAMILY_NAMES) {
    expect([family, bilingual.test(FAMILY_LABELS[family] ?? '')]).toEqual([family, true]);
    for (const type of Object.keys(FAMILIES[family].events))
      expect([family, type, bilingual.test(EVENT_TYPE_LABELS[type] ?? '')]).toEqual([family, type, true]);
  }
});
