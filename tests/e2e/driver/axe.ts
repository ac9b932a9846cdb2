/**
 * axe-core's check of an extension page, the same in both browsers: WCAG 2.2
 * AA, target size included, plus best practice. axe's source is evaluated
 * through the driver: the pages' content security policy refuses an added
 * script tag, and their own eval.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Tab } from './driver';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The violations axe finds on the page as it is now, each as `rule (impact): the first elements at fault`. */
export async function axeViolations(tab: Tab): Promise<string[]> {
  await tab.expression(AXE);
  return tab.evaluate(async (tags) => {
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules: { 'target-size': { enabled: true } } });
    return result.violations.map(
      (v: any) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n: any) => `${n.target.join(' ')}: ${n.failureSummary}`).join(' | ')}`,
    ) as string[];
  }, AXE_TAGS);
}
