import type { EditRequest } from '../lib/finews/edits';
import type { ArticleRecord } from '../lib/library/records';
import { t } from '../lib/platform/i18n';
import { EditDetails } from './EditDetails';
import { PublishedTime } from './PublishedTime';

export interface Props {
  article: ArticleRecord;
  /**
   * The body to show: sanitized just before, its images pointed at their
   * saved copies and the unsaved ones replaced by notices (lib/library/images.ts).
   */
  bodyHtml: string;
  /** Body text size in px. */
  textSize: number;
  canShrink: boolean;
  canGrow: boolean;
  onSmaller: () => void;
  onLarger: () => void;
  onExport: () => void;
  /** Corrects title, time or source; resolves to an error message, or undefined when saved. */
  onEdit: (request: EditRequest) => Promise<string | undefined>;
  /** Set when the last export was refused (e.g. the article has no date). */
  exportError?: string;
}

const WEB_ADDRESS = /^https?:\/\//i;

/** A saved article, readable offline. */
export function ReaderView(props: Props) {
  const { article, bodyHtml, textSize, canShrink, canGrow, onSmaller, onLarger, onExport, onEdit, exportError } = props;
  return (
    <article class="reader" style={{ fontSize: `${textSize}px` }} data-text-size={textSize}>
      <header>
        <h1 data-testid="reader-title">{article.title}</h1>
        <p class="reader-meta">
          <PublishedTime item={article} testId="reader-time" />
          <span data-testid="reader-source">{article.source ?? article.site}</span>
          {/* Only a web address is a link: a restored backup can hold any string (javascript: included). */}
          {WEB_ADDRESS.test(article.url) ? (
            <a data-testid="reader-original" href={article.url} rel="noopener noreferrer" target="_blank">
              {t('readerOriginal')}
            </a>
          ) : (
            <a data-testid="reader-original">{t('readerOriginal')}</a>
          )}
        </p>
        {article.tags.length ? (
          <p class="reader-tags" aria-label={t('readerTags')}>
            {article.tags.map((tag) => (
              <span key={tag} class="tag">
                {tag}
              </span>
            ))}
          </p>
        ) : null}
        <div class="reader-tools" role="toolbar">
          <span class="reader-size" role="group" aria-label={t('readerTextSize')}>
            <button
              type="button"
              data-testid="text-smaller"
              title={t('readerTextSmallerTitle')}
              aria-label={t('readerTextSmallerTitle')}
              disabled={!canShrink}
              onClick={onSmaller}
            >
              {t('readerTextSmaller')}
            </button>
            <button
              type="button"
              data-testid="text-larger"
              title={t('readerTextLargerTitle')}
              aria-label={t('readerTextLargerTitle')}
              disabled={!canGrow}
              onClick={onLarger}
            >
              {t('readerTextLarger')}
            </button>
          </span>
          <button type="button" data-testid="export-article" onClick={onExport}>
            {t('exportArticle')}
          </button>
          <EditDetails article={article} onSave={onEdit} />
          {article.edited ? (
            <span class="item-edited" data-testid="edited-mark" title={t('editedMarkTitle')}>
              {t('editedMark')}
            </span>
          ) : null}
        </div>
        {exportError ? (
          <p role="alert" data-testid="export-error">
            {exportError}
          </p>
        ) : null}
      </header>
      {/* Sanitized right before this (lib/html/display-body.ts) as well as when saved; the only blob: URLs are the page's own. */}
      <div class="reader-body" data-testid="reader-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
    </article>
  );
}
