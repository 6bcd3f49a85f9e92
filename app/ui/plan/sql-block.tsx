import type { Segment } from '@/lib/views/highlight';

export function SqlBlock({ segments, label }: { segments: Segment[]; label: string }) {
  return (
    <pre className="sql rounded-b" aria-label={label} data-testid="sql">
      <code>
        {segments.map(([cls, text], i) =>
          cls ? (
            <span key={i} className={cls}>
              {text}
            </span>
          ) : (
            text
          ),
        )}
      </code>
    </pre>
  );
}
