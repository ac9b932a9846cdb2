import type { ArticleRecord } from '../lib/library/records';
import { userTags } from '../lib/library/tags';
import { t } from '../lib/platform/i18n';
import { TagEditor } from './TagEditor';

export interface Props {
  article: ArticleRecord;
  libraryHref: string;
  /** Addresses of the articles above and below this one in the list it was opened from. */
  previousHref?: string;
  nextHref?: string;
  /** Set once the article was deleted: the bar offers undo instead of the actions. */
  deleted: boolean;
  onSetRead: (read: boolean) => void;
  onDelete: () => void;
  onUndo: () => void;
  onAddTag: (tag: string) => void;
  onRemoveTag: (tag: string) => void;
}

/** The reader's way around: back to the library, previous/next, read state, delete with undo, tags. */
export function ReaderActions(props: Props) {
  const { article, deleted } = props;
  return (
    <nav class="reader-nav" aria-label={t('readerNavLabel')}>
      <a href={props.libraryHref} data-testid="reader-back">
        {t('readerBack')}
      </a>
      <span class="reader-steps">
        {props.previousHref ? (
          <a href={props.previousHref} data-testid="reader-previous" rel="prev">
            {t('readerPrevious')}
          </a>
        ) : null}
        {props.nextHref ? (
          <a href={props.nextHref} data-testid="reader-next" rel="next">
            {t('readerNext')}
          </a>
        ) : null}
      </span>
      {deleted ? (
        <p class="reader-deleted" role="status">
          {t('deletedCount', '1')}
          <button type="button" data-testid="reader-undo" onClick={props.onUndo}>
            {t('undo')}
          </button>
        </p>
      ) : (
        <span class="reader-manage">
          <button type="button" data-testid="reader-toggle-read" aria-pressed={article.read} onClick={() => props.onSetRead(!article.read)}>
            {article.read ? t('markUnread') : t('markRead')}
          </button>
          <button type="button" data-testid="reader-delete" onClick={props.onDelete}>
            {t('deleteArticle')}
          </button>
          <span class="reader-tag-edit">
            {/* The reader's own tags: the automatic one shows above, and stays for the export. */}
            <TagEditor
              tags={userTags(article)}
              placeholder={t('tagInputLabel')}
              onAdd={props.onAddTag}
              onRemove={props.onRemoveTag}
            />
          </span>
        </span>
      )}
    </nav>
  );
}
