/**
 * A backup's item lines as schemas (the format is described in format.ts).
 * Messages name the field as the person restoring can find it in the file;
 * format.ts puts `line N:` in front.
 */
import * as v from 'valibot';
import { storableImageType } from '../library/images';
import { ArticleRecordSchema, httpAddress, ARTICLE_LIMITS } from '../library/schemas';
import { SettingsPatchSchema } from '../library/settings';
import { check, objectMessage, text } from '../protocol/validate';

export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const ArticleItem = v.strictObject(
  {
    kind: v.literal('article'),
    record: ArticleRecordSchema,
    html: text(ARTICLE_LIMITS.html, 'article "html" must be a string', 'article "html" is too long'),
  },
  objectMessage('article item', 'an item must be a JSON object'),
);

const ImageItem = v.strictObject(
  {
    kind: v.literal('image'),
    articleId: v.pipe(
      text(ARTICLE_LIMITS.address, 'image "articleId" must be a string'),
      v.minLength(1, 'image "articleId" must not be empty'),
    ),
    // Only what the background itself would have fetched and kept: an image a backup
    // brings is shown from a blob: URL of the extension's origin, like a fetched one.
    url: httpAddress('image "url" must be an http(s) address'),
    type: v.pipe(
      v.string('image "type" must be a string'),
      v.check((type) => storableImageType(type) === type, 'image "type" must be a raster image type such as "image/png" (never SVG)'),
    ),
    data: v.pipe(v.string('image "data" must be a string'), v.regex(BASE64, 'image "data" is not base64')),
  },
  objectMessage('image item', 'an item must be a JSON object'),
);

const SettingsItem = v.strictObject(
  {
    kind: v.literal('settings'),
    settings: v.pipe(
      v.unknown(),
      v.check((value) => typeof value === 'object' && value !== null && !Array.isArray(value), '"settings" must be an object'),
      // The settings as saveSettings takes them: known keys only, each valid.
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const checked = check(SettingsPatchSchema, dataset.value);
        if (checked.ok) return checked.value as Record<string, unknown>;
        addIssue({ message: `settings: ${checked.message}` });
        return NEVER;
      }),
    ),
  },
  objectMessage('settings item', 'an item must be a JSON object'),
);

/** One item line of a backup. */
export const BackupItemSchema = v.variant('kind', [ArticleItem, ImageItem, SettingsItem], (issue) => {
  if (issue.expected === 'Object') return 'an item must be a JSON object';
  return typeof issue.input === 'string' ? `unknown item kind "${issue.input}"` : 'an item needs a "kind" string';
});

export type BackupItemLine = v.InferOutput<typeof BackupItemSchema>;
