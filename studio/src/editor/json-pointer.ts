/**
 * Where a JSON pointer (e.g. /rules/3/conditions/all/1/fact) sits in JSON text, so errors the
 * server reports by path can be drawn at the right place in the editor. A small scanner that
 * records offsets; when the pointer goes deeper than the text (a missing property), the
 * deepest node found is returned. Undefined when the text does not parse that far.
 */
export interface Span {
  start: number;
  end: number;
}

export function locatePointer(text: string, pointer: string): Span | undefined {
  const steps = pointer
    .split('/')
    .slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  let index = 0;
  const space = () => {
    while (index < text.length && /\s/.test(text[index]!)) index++;
  };
  const string = (): string => {
    const start = index;
    index++;
    while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    index++;
    return JSON.parse(text.slice(start, index)) as string;
  };
  /** Skips one value and returns its span. */
  const skip = (): Span => {
    space();
    const start = index;
    const open = text[index];
    if (open === '"') string();
    else if (open === '{' || open === '[') {
      let depth = 0;
      while (index < text.length) {
        const char = text[index]!;
        if (char === '"') {
          string();
          continue;
        }
        if (char === '{' || char === '[') depth++;
        if (char === '}' || char === ']') depth--;
        index++;
        if (depth === 0) break;
      }
    } else while (index < text.length && !/[,\]}\s]/.test(text[index]!)) index++;
    return { start, end: index };
  };

  let found: Span | undefined;
  try {
    space();
    found = { start: index, end: index + 1 };
    for (const step of steps) {
      space();
      const open = text[index];
      let matched = false;
      if (open === '{') {
        index++;
        for (;;) {
          space();
          if (text[index] === '}') break;
          const keyStart = index;
          const key = string();
          const keySpan = { start: keyStart, end: index };
          space();
          index++; // the colon
          if (key === step) {
            space();
            found = keySpan;
            matched = true;
            break;
          }
          skip();
          space();
          if (text[index] === ',') index++;
        }
      } else if (open === '[') {
        index++;
        const wanted = Number(step);
        for (let item = 0; ; item++) {
          space();
          if (text[index] === ']') break;
          if (item === wanted) {
            found = { start: index, end: index + 1 };
            matched = true;
            break;
          }
          skip();
          space();
          if (text[index] === ',') index++;
        }
      }
      if (!matched) return found;
    }
    // Point at the value itself for the last step (or the key when the value is a container).
    const valueStart = index;
    const value = skip();
    return /[{[]/.test(text[valueStart] ?? '') ? found : value;
  } catch {
    return found;
  }
}

/** The rule-set part of an API detail path: /body/ruleSet/x or /ruleSet/x -> /x; else undefined. */
export function ruleSetPointer(path: string | undefined): string | undefined {
  const match = /^(?:\/body)?\/ruleSet(\/.*)?$/.exec(path ?? '');
  return match ? (match[1] ?? '') : undefined;
}
