/** One article as a post: the popup's row menu and the reader's export button. */
import { postForId } from './read-library';
import { UndatedPostError } from './post/date';
import type { Post } from './post/post';
import type { LibraryDb } from '../library/db';
import { getSettings } from '../library/settings';

/**
 * The article's post with the library's settings; `undated` names an
 * article the export refuses (it has no date at all); neither when it is gone.
 */
export async function postOrRefusal(db: LibraryDb, id: string): Promise<{ post?: Post; undated?: string }> {
  try {
    return { post: await postForId(db, id, await getSettings(db)) };
  } catch (error) {
    if (error instanceof UndatedPostError) return { undated: error.title };
    throw error;
  }
}
