/**
 * The files a reader picks for "import the blog's posts" (the options
 * page's `import-posts`): post files, a folder of them, or zips of
 * `_posts`. Turned into the posts importPostFiles takes; what is not a post
 * is left out, each post-looking file that cannot be read with its reason.
 */
import { postFilesFromZip, type PostFile } from './import-posts';
import { isPostFileName, POST_MAX_BYTES } from './posts';

/** What the page hands over of each picked File (a File has all of it). */
export interface PickedFile {
  name: string;
  /** In a picked folder, the path inside it (`_posts/2022-…md`). */
  webkitRelativePath?: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A zip bigger than this is refused unread (50,000 posts stored uncompressed take about 300 MB). */
export const ZIP_MAX_BYTES = 1024 * 1024 * 1024;

export async function postFilesFromPicked(picked: readonly PickedFile[]): Promise<{ files: PostFile[]; skipped: string[] }> {
  const files: PostFile[] = [];
  const skipped: string[] = [];
  const decoder = new TextDecoder();
  for (const file of picked) {
    const path = file.webkitRelativePath || file.name;
    if (/\.zip$/i.test(file.name)) {
      if (file.size > ZIP_MAX_BYTES) {
        skipped.push(`${path}: larger than ${ZIP_MAX_BYTES / 1024 / 1024} MB`);
        continue;
      }
      try {
        files.push(...postFilesFromZip(new Uint8Array(await file.arrayBuffer())));
      } catch (error) {
        skipped.push(`${path}: not a readable zip (${(error as Error).message})`);
      }
      continue;
    }
    // A folder holds more than posts (images, drafts…): only what looks like a post is read.
    if (!/\.(?:md|markdown|html)$/i.test(file.name)) continue;
    if (!isPostFileName(file.name)) skipped.push(`${path}: not a post file name (YYYY-MM-DD-…)`);
    else if (file.size > POST_MAX_BYTES) skipped.push(`${path}: larger than ${POST_MAX_BYTES / 1024 / 1024} MB`);
    else files.push({ name: file.name, text: decoder.decode(await file.arrayBuffer()) });
  }
  return { files, skipped };
}
