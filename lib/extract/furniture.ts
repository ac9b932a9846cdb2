// Finews pages' furniture (share links, related news, promotions) that Readability kept.
import { isLinksOnly, isNoiseLine, isRelatedHeading } from './noise';
import { classifyPage } from './page-kind';
import { STRUCTURES } from './body-tags';
import { linkText, type Block } from './clean-block';

/** Finews furniture that survived Readability: noise lines, related-news lists, the title again. */
export function dropFurniture(blocks: Block[], title: string | undefined): Block[] {
  const kept: Block[] = [];
  let inRelated = false;
  for (const block of blocks) {
    const tag = block.el.localName;
    const structure = STRUCTURES.has(tag);
    if (inRelated) {
      // A related-news heading is followed by its links; real text ends the list.
      if (tag === 'ul' || tag === 'ol' || (!block.plain && linkText(block.el) >= block.text.length)) continue;
      inRelated = false;
    }
    if (!structure && isRelatedHeading(block.text)) {
      inRelated = true;
      continue;
    }
    if (!structure && isNoiseLine(block.text)) continue;
    // Lines of links only are page furniture in finews bodies (the blog's share link
    // and back-links, "more" links); the words of a link inside a sentence are kept.
    if (!structure && !block.plain && isLinksOnly(block.text, linkText(block.el))) continue;
    if (title && block.text === title && /^h[2-6]$/.test(tag)) continue;
    if (tag === 'ul' || tag === 'ol') {
      if (isNewsLinkList(block.el)) continue;
      if (pruneNoiseItems(block.el)) {
        block.text = (block.el.textContent ?? '').trim();
        if (!block.text) continue;
      }
    }
    kept.push(block);
  }
  return kept;
}

/** A list whose every item is just a link to another news article. */
function isNewsLinkList(list: Element): boolean {
  const items = Array.from(list.children).filter((li) => li.localName === 'li');
  if (!items.length) return false;
  return items.every((li) => {
    const links = li.getElementsByTagName('a');
    const link = links[0];
    if (!link || links.length !== 1 || link.textContent?.trim() !== li.textContent?.trim()) return false;
    return classifyPage(link.getAttribute('href') ?? '').kind !== 'other';
  });
}

/** Removes promotional items from a list; returns whether any went. */
function pruneNoiseItems(list: Element): boolean {
  let removed = false;
  for (const li of Array.from(list.children)) {
    if (li.localName === 'li' && isNoiseLine((li.textContent ?? '').trim())) {
      li.remove();
      removed = true;
    }
  }
  return removed;
}
