import { formatValue, safeHttpUrl } from '../format/values';

export interface RunFact {
  key: string;
  text: string;
  /** Set when the value is an http(s) URL: shown as a link. */
  url: string | undefined;
}

export interface RunEnvironmentView {
  /** The headline link: `referenceUrl` (Luco's own key), named by `platform` or the URL's host. */
  link: { label: string; url: string } | undefined;
  platform: string | undefined;
  facts: RunFact[];
}

/** A run environment's free-form runData as a headline link and a list of facts. */
export function runEnvironmentView(runData: Record<string, unknown>): RunEnvironmentView {
  const platform = typeof runData['platform'] === 'string' && runData['platform'] ? runData['platform'] : undefined;
  const referenceUrl = safeHttpUrl(runData['referenceUrl']);
  const link = referenceUrl ? { label: platform ? `${platform} run` : new URL(referenceUrl).host, url: referenceUrl } : undefined;
  const facts = Object.entries(runData)
    .filter(([key]) => key !== 'platform' && key !== 'referenceUrl')
    .map(([key, value]) => ({ key, text: formatValue(value), url: safeHttpUrl(value) }));
  return { link, platform, facts };
}
