// The colours a renderer may use, handed in by the CLI so src/report never decides about terminals.

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const identity = (s: string): string => s;

/** No colour: files, pipes, NO_COLOR and every machine format. */
export const plainStyle: Style = {
  bold: identity,
  dim: identity,
  red: identity,
  yellow: identity,
  green: identity,
  cyan: identity,
};
