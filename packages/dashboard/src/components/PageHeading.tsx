import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A view's <h1>: it names the browser tab, and takes focus when the view opens so a keyboard or
 * screen reader user lands on the new content after an in-page navigation.
 */
export function PageHeading({ title, children, testId }: { title: string; children?: ComponentChildren; testId?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    document.title = `${title} · LucoTS`;
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} data-testid={testId ?? 'page-title'}>
      {children ?? title}
    </h1>
  );
}
