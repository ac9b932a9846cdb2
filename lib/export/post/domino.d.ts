// domino declares its types under the old name 'domino'; only what the export uses.
declare module '@mixmark-io/domino' {
  export function createDocument(html?: string, force?: boolean): Document;
}
