import type { Post } from '../export/post/post';
import { saveFile } from './save-file';

/** One post downloads as its own `.md` file. */
export function downloadPost(post: Post): void {
  saveFile(new Blob([post.content], { type: 'text/markdown;charset=utf-8' }), post.fileName);
}
