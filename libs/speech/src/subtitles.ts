export interface Cue {
  startSeconds: number;
  endSeconds: number;
  text: string;
}

function stamp(seconds: number, separator: '.' | ','): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/** Cue text on one line, with nothing that would end the cue early. */
function cueText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/-->/g, '→').trim();
}

export function toWebVtt(cues: Cue[]): string {
  const body = cues.map(
    (c, i) => `${i + 1}\n${stamp(c.startSeconds, '.')} --> ${stamp(c.endSeconds, '.')}\n${cueText(c.text)}\n`,
  );
  return `WEBVTT\n\n${body.join('\n')}`;
}

export function toSrt(cues: Cue[]): string {
  return cues
    .map(
      (c, i) =>
        `${i + 1}\n${stamp(c.startSeconds, ',')} --> ${stamp(c.endSeconds, ',')}\n${cueText(c.text)}\n`,
    )
    .join('\n');
}
