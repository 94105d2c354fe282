import type { AnchorHTMLAttributes, ComponentChildren, JSX } from 'preact';
import { isPlainClick, navigate } from '../router/history';

type AnchorProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'>;

/** A real `<a href>` (copyable, opens in a new tab) that navigates in-page on a plain click. */
export function Link(props: AnchorProps & { href: string; children?: ComponentChildren; replace?: boolean }) {
  const { href, replace, children, ...rest } = props;
  const onClick = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (!isPlainClick(event, event.currentTarget.getAttribute('target'))) return;
    event.preventDefault();
    navigate(href, replace ? { replace } : {});
  };
  return (
    <a {...rest} href={href} onClick={onClick}>
      {children}
    </a>
  );
}
