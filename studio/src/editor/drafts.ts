/**
 * Unsaved editor text survives a reload: kept in localStorage per rule set version, with the
 * revision it was based on so a restored draft can still be saved (or conflict visibly).
 */
export interface LocalDraft {
  text: string;
  revision: number;
  savedAt: string;
}

const storageKey = (key: string, version: number) => `policy-studio.draft.${key}.v${version}`;

export function readLocalDraft(key: string, version: number): LocalDraft | undefined {
  try {
    const raw = localStorage.getItem(storageKey(key, version));
    return raw ? (JSON.parse(raw) as LocalDraft) : undefined;
  } catch {
    return undefined;
  }
}

export function writeLocalDraft(key: string, version: number, text: string, revision: number): void {
  try {
    localStorage.setItem(storageKey(key, version), JSON.stringify({ text, revision, savedAt: new Date().toISOString() }));
  } catch {
    // Storage full or disabled: the editor still works, the banner says edits are not kept.
  }
}

export function clearLocalDraft(key: string, version: number): void {
  localStorage.removeItem(storageKey(key, version));
}
