import type { ArticleRecord } from '../lib/records';
import { formatPublished } from '../lib/time-format';
import { t } from './i18n';

export interface Props {
  article: ArticleRecord;
  /** The body, sanitized again just before it is shown. */
  safeHtml: string;
  onExport: () => void;
}

/** A saved article, readable offline. */
export function ReaderView({ article, safeHtml, onExport }: Props) {
  return (
    <article class="reader">
      <header>
        <h1 data-testid="reader-title">{article.title}</h1>
        <p class="reader-meta">
          {article.publishedAt ? <time dateTime={article.publishedAt}>{formatPublished(article.publishedAt)}</time> : null}
          <span>{article.source ?? article.site}</span>
          <a href={article.url} rel="noopener noreferrer" target="_blank">
            {t('readerOriginal')}
          </a>
          <button type="button" data-testid="export-article" onClick={onExport}>
            {t('exportArticle')}
          </button>
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
      </header>
      {/* Sanitized by DOMPurify right before this, as well as when it was saved. */}
      <div class="reader-body" data-testid="reader-body" dangerouslySetInnerHTML={{ __html: safeHtml }} />
    </article>
  );
}
